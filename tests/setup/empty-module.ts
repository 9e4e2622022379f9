// Stand-in for the "server-only" marker package under vitest: lib/data and lib/auth import it so
// Next refuses to bundle them for the browser, but tests run them in plain Node.
export {};
