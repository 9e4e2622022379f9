import "server-only";
import { createGraderClient, type GraderClient } from "@/lib/grading";
import { serverGraderOptions } from "@/lib/grading/server-options";

// One grader client (and so one supervised grader child process) per Next.js server process.
// Kept on globalThis so a dev-server reload does not spawn a second child.
const globalForGrader = globalThis as typeof globalThis & { chainruleGrader?: GraderClient };

export function grader(): GraderClient {
  globalForGrader.chainruleGrader ??= createGraderClient(serverGraderOptions(process.cwd()));
  return globalForGrader.chainruleGrader;
}
