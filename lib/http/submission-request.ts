import "server-only";
import { z } from "zod";
import { userText } from "@/lib/i18n/user-text";
import { codeSubmissionInputSchema, type CodeSubmissionInput } from "@/lib/data/submissions";
import { MAX_CODE_BYTES } from "@/lib/grading/transpile";

// What POST /api/submissions accepts (pages/api/submissions), checked before anything is stored.
// Every refusal is a status with a message in words a student can act on.

/** Transport cap: generous for 64 KB of code even when JSON escaping multiplies it. */
export const MAX_BODY_BYTES = 8 * MAX_CODE_BYTES;

export const waitQuerySchema = z.object({ wait: z.coerce.number().int().min(0).max(25_000).optional() });
export const WAIT_REFUSAL = userText("errors.waitRefusal");

const bodySchema = z.object({
  exerciseId: z.string({ error: userText("errors.exerciseIdRequired") }).min(1, userText("errors.exerciseIdRequired")).max(64),
  code: z.string({ error: userText("errors.codeNotString") }),
  mode: z.enum(["public", "hidden"], { error: userText("errors.badMode") }).default("hidden"),
});

/** String.prototype.isWellFormed is ES2024 (not in this project's lib target). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NOT_UTF8 = userText("errors.notUtf8");

export type Refusal = { status: number; error: string };

export function tooLarge(bytes: number): Refusal {
  const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
  return { status: 413, error: userText("errors.codeTooLarge", { size: kb(bytes), limit: kb(MAX_CODE_BYTES) }) };
}

/** The JSON body as a submission, or the refusal to answer. */
export function parseSubmissionBody(bytes: Uint8Array): { ok: true; input: CodeSubmissionInput } | ({ ok: false } & Refusal) {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, error: NOT_UTF8 };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, error: userText("errors.notJson") };
  }
  const body = bodySchema.safeParse(raw);
  if (!body.success) return { ok: false, status: 400, error: body.error.issues[0]?.message ?? userText("errors.invalidSubmission") };
  // A lone surrogate (\ud800) is valid JSON but not text: the editor never produces it.
  if (LONE_SURROGATE.test(body.data.code)) return { ok: false, status: 400, error: NOT_UTF8 };
  const bytesOfCode = Buffer.byteLength(body.data.code, "utf8");
  if (bytesOfCode > MAX_CODE_BYTES) return { ok: false, ...tooLarge(bytesOfCode) };
  const input = codeSubmissionInputSchema.safeParse(body.data);
  if (!input.success) return { ok: false, status: 400, error: input.error.issues[0]?.message ?? userText("errors.invalidSubmission") };
  if (input.data.code.trim() === "") return { ok: false, status: 400, error: userText("errors.noCode") };
  return { ok: true, input: input.data };
}
