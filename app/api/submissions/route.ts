import { z } from "zod";
import { handleApi, requireUser } from "@/lib/auth/session";
import { codeSubmissionInputSchema, startCodeSubmission } from "@/lib/data/submissions";
import { gradeSubmission, waitForOwnSubmission } from "@/lib/data/submission-queue";
import { MAX_CODE_BYTES } from "@/lib/grading/transpile";
import { gradeLimiter } from "@/app/courses/_server/limits";
import { grader } from "@/app/courses/_server/grader";
import { refuseCrossSite } from "./_lib/same-origin";

// POST /api/submissions[?wait=ms]: the same submission path as the item page's "Submit"/"Run"
// action, as JSON for scripts, load tests and other clients. Without `wait` it answers 202 as soon
// as the row is stored (queued); grading continues in this process and GET /api/submissions/:id
// returns the result. With `wait` the answer is held until the grade exists (at most `wait` ms):
// 200 with the result, or 202 with the pending status to poll, so a client needs one request.
// Every refusal is a specific status with { error } in words a student can act on.

/** Transport cap: generous for 64 KB of code even when JSON escaping multiplies it. */
const MAX_BODY_BYTES = 8 * MAX_CODE_BYTES;

const querySchema = z.object({ wait: z.coerce.number().int().min(0).max(25_000).optional() });

// API answers are a few KB of JSON for a program on a fast link: gzip would cost the server more
// CPU than it saves on the wire. `no-transform` makes Next's compression skip them (decision 046).
const NO_STORE = { "cache-control": "no-store, no-transform" };

const bodySchema = z.object({
  exerciseId: z.string({ error: "exerciseId is required" }).min(1).max(64),
  code: z.string({ error: "code must be a string" }),
  mode: z.enum(["public", "hidden"], { error: 'mode must be "public" or "hidden"' }).default("hidden"),
});

/** String.prototype.isWellFormed is ES2024 (not in this project's lib target). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const fail = (status: number, error: string, headers?: HeadersInit) => Response.json({ error }, { status, headers });

function tooLarge(bytes: number): Response {
  const kb = (n: number) => `${Math.round((n / 1024) * 10) / 10} KB`;
  return fail(413, `Your code is ${kb(bytes)}; the limit is ${kb(MAX_CODE_BYTES)}. Remove unused code or long comments and submit again.`);
}

export function POST(req: Request): Promise<Response> {
  return handleApi(async () => {
    const crossSite = refuseCrossSite(req);
    if (crossSite) return crossSite;
    // JSON only: a cross-site page cannot send this content type without a CORS preflight, which
    // this server never approves.
    if (!/^application\/json\b/i.test(req.headers.get("content-type") ?? "")) return fail(415, "Send the submission as JSON (Content-Type: application/json).");
    const viewer = await requireUser();
    const query = querySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!query.success) return fail(400, "wait must be a number of milliseconds up to 25000");
    const declared = Number(req.headers.get("content-length") ?? "0");
    if (declared > MAX_BODY_BYTES) return tooLarge(declared);
    const bytes = new Uint8Array(await req.arrayBuffer());
    if (bytes.byteLength > MAX_BODY_BYTES) return tooLarge(bytes.byteLength);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return fail(400, "The submission is not valid UTF-8 text. Save the file as UTF-8 and paste it again.");
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return fail(400, "The request body is not valid JSON.");
    }
    const body = bodySchema.safeParse(raw);
    if (!body.success) return fail(400, body.error.issues[0]?.message ?? "Invalid submission");
    // A lone surrogate (\ud800) is valid JSON but not text: the editor never produces it.
    if (LONE_SURROGATE.test(body.data.code)) return fail(400, "The submission is not valid UTF-8 text. Save the file as UTF-8 and paste it again.");
    const bytesOfCode = Buffer.byteLength(body.data.code, "utf8");
    if (bytesOfCode > MAX_CODE_BYTES) return tooLarge(bytesOfCode);
    const input = codeSubmissionInputSchema.safeParse(body.data);
    if (!input.success) return fail(400, input.error.issues[0]?.message ?? "Invalid submission");
    if (input.data.code.trim() === "") return fail(400, "There is no code to run");

    const limit = gradeLimiter.consume(viewer.id);
    if (!limit.allowed) {
      return fail(429, `Too many submissions in a minute; try again in ${limit.retryAfterSeconds} s.`, { "retry-after": String(limit.retryAfterSeconds) });
    }
    const started = await startCodeSubmission(viewer, input.data);
    if (!started.ok) return fail(409, started.message);
    // Not awaited: the row is stored, so the request can answer now. A crash from here on leaves
    // the row queued/running, and the next start grades it (instrumentation.ts).
    // What was just stored travels with the job, so grading does not read the row back.
    const stored = { userId: viewer.id, exerciseId: input.data.exerciseId, code: input.data.code, seed: started.seed, mode: started.mode, pkg: started.pkg };
    void gradeSubmission(started.submissionId, (job) => grader().grade(job), stored);
    const poll = `/api/submissions/${started.submissionId}`;
    if (query.data.wait === undefined) return Response.json({ id: started.submissionId, status: "queued", poll }, { status: 202, headers: NO_STORE });
    const dto = await waitForOwnSubmission(viewer, started.submissionId, query.data.wait);
    const finished = dto?.status === "graded" || dto?.status === "error";
    return Response.json({ ...(dto ?? { id: started.submissionId, status: "queued" }), poll }, { status: finished ? 200 : 202, headers: NO_STORE });
  });
}
