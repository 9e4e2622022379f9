// `next start` of the built app as the e2e tests run it: on a free port, in its own process group
// (so stopping it stops its workers too), ready once /api/health answers.
import { spawn } from "node:child_process";
import net from "node:net";
import { binCommand, ROOT, waitForHttp } from "../../scripts/lib/project";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface RunningServer {
  baseURL: string;
  stop(): Promise<void>;
}

/** Serves the build with `env` on top of this process's environment (DATABASE_URL, NEXTAUTH_SECRET...). */
export async function startNextServer(port: number, env: Record<string, string> = {}): Promise<RunningServer> {
  const server = spawn(...binCommand("next", ["start", "-p", String(port)]), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", ...env },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const baseURL = `http://localhost:${port}`;
  await waitForHttp(`${baseURL}/api/health`, 60_000);
  return {
    baseURL,
    async stop() {
      if (server.pid !== undefined) {
        try {
          process.kill(-server.pid, "SIGTERM");
        } catch {
          // already exited
        }
      }
      await new Promise((r) => setTimeout(r, 300));
    },
  };
}
