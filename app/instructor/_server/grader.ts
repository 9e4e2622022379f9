import "server-only";
import { createGraderClient, type GraderClient } from "@/lib/grading";
import { serverGraderOptions } from "@/lib/grading/server-options";

// The same per-process grader client as the student pages (app/courses/_server/grader.ts): one
// supervised grader child for the whole server, shared through the same globalThis key.
const globalForGrader = globalThis as typeof globalThis & { chainruleGrader?: GraderClient };

export function grader(): GraderClient {
  globalForGrader.chainruleGrader ??= createGraderClient(serverGraderOptions(process.cwd()));
  return globalForGrader.chainruleGrader;
}

/** Grades against an in-memory package (drafts, regrades). */
export const gradeWithFiles = (job: { slug: string; files: Record<string, string>; code: string; seed: number; mode: "public" | "hidden" }) => grader().grade(job);
