import "server-only";
import { env } from "@/lib/env.server";
import { grader as localGrader } from "@/lib/grading/server-grader";
import { createBullmqQueue } from "./bullmq/producer";
import { createEmbeddedQueue } from "./embedded";
import type { SubmissionQueue } from "./queue";

// The server's one submission queue, chosen from the environment on first use: BullMQ when
// REDIS_URL is set (grader workers grade; this server starts no grader process), the embedded
// queue otherwise. On globalThis: Next bundles instrumentation, pages/api and app/ separately,
// and each would otherwise build its own.

const holder = globalThis as typeof globalThis & { chainruleSubmissionQueue?: SubmissionQueue };

export function submissionQueue(): SubmissionQueue {
  holder.chainruleSubmissionQueue ??= env.REDIS_URL ? createBullmqQueue(env.REDIS_URL) : createEmbeddedQueue(localGrader());
  return holder.chainruleSubmissionQueue;
}
