// Runs INSIDE an isolate (see ./README.md): no Node, no DOM, imports only from this folder.
//
// What a context must lose before any student or package code runs in it. Each of these lets
// code post work to the embedder's task runner, or keep work alive after the call returns; by
// isolated-vm's design such work runs the next time the isolate works, which may be the next
// student's run (and on Node 20 a delayed task aborted the whole process). Measured on Node 24 /
// isolated-vm 7.0.1 (docs/decisions/052-package-code-in-the-sandbox.md):
// - FinalizationRegistry: its cleanup task runs after a later GC, in a later run;
// - Atomics.waitAsync / Atomics.notify on a SharedArrayBuffer: waiters resolved (and their
//   callbacks run) during the next run; the delayed task of a timeout is dropped;
// - WebAssembly: async compilation finishes in the next run, and its shared memories hand back
//   a SharedArrayBuffer constructor and escape the isolate's memory limit;
// - WeakRef: its targets are kept until the embedder clears them.
// Deleting the global removes the only path to each (a search from globalThis and every
// intrinsic reachable through syntax found none left). `delete` rather than a throwing getter,
// so `typeof X` keeps working; using one is an ordinary ReferenceError for the student.

export const REMOVED_GLOBALS = ["SharedArrayBuffer", "Atomics", "FinalizationRegistry", "WeakRef", "WebAssembly"] as const;

/** Why a ReferenceError names a removed global, for the student's message. */
export const REMOVED_NOTE = " (not available in the grader's sandbox)";

/**
 * Removes the features above from `global` and pins Error.prepareStackTrace (V8 calls it when a
 * stack is formatted, also after the timed call ends, so a looping one would run unbounded).
 * Throws if anything is still reachable: a V8 that kept one must fail loudly, not run students.
 */
export function lockDown(global: typeof globalThis): void {
  const record = global as unknown as Record<string, unknown>;
  for (let i = 0; i < REMOVED_GLOBALS.length; i++) delete record[REMOVED_GLOBALS[i] as string];
  Object.defineProperty(global.Error, "prepareStackTrace", { value: undefined, writable: false, configurable: false });
  for (let i = 0; i < REMOVED_GLOBALS.length; i++) {
    const name = REMOVED_GLOBALS[i] as string;
    if (name in record) throw new Error("sandbox lockdown failed: " + name + " is still reachable");
  }
}

/** "WeakRef is not defined" → "WeakRef is not defined (not available in the grader's sandbox)". */
export function explainRemoved(message: string): string {
  // Runs after untrusted code: an index loop, not for-of (Array.prototype[Symbol.iterator] may be
  // replaced by then; see README.md).
  for (let i = 0; i < REMOVED_GLOBALS.length; i++) {
    if (message === (REMOVED_GLOBALS[i] as string) + " is not defined") return message + REMOVED_NOTE;
  }
  return message;
}
