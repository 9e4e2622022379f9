import type { GraderClient } from "@/lib/grading/client";
import type { StoredStatus, SubmissionJob } from "@/lib/data/submissions";

/**
 * The grader as the rest of the server uses it: quiz answers, quiz presentations, authoring checks
 * and regrades. In the embedded queue it is this server's own grader client; with BullMQ the same
 * calls travel to the grader workers.
 */
export type Grader = Pick<GraderClient, "grade" | "present" | "inspect">;

export type QueueHealth =
  | { queue: "embedded"; graderRunning: boolean }
  /** `workers`: grader workers whose heartbeat is current; null when Redis does not answer. */
  | { queue: "bullmq"; redis: boolean; workers: number | null };

/**
 * Where stored submissions go to be graded: one interface, two implementations (decision 100).
 * - embedded (default): this process's grader client grades the row at once (embedded.ts).
 * - BullMQ (REDIS_URL): the row becomes a job on Redis; grader workers on any host grade it and
 *   record the result; every web server's waiting requests are woken (bullmq/).
 */
export interface SubmissionQueue {
  readonly kind: "embedded" | "bullmq";
  /** The status a new row is stored with (decision 046: `running` saves a write when grading starts at once). */
  readonly storedStatus: StoredStatus;
  readonly grader: Grader;
  /**
   * Hands a freshly stored row to grading. Never rejects: a row that could not be handed over
   * stays pending in the database and is graded when the queue can take it again.
   */
  enqueue(job: SubmissionJob): Promise<void>;
  /** For /api/health and operators: is grading possible from here, and through what. */
  health(): Promise<QueueHealth>;
  /** Once per server start (instrumentation.ts): load packages, pick up rows left pending. */
  start(): Promise<void>;
  close(): Promise<void>;
}
