// The grader's size cap on a submission's code, without the transpiler: the browser checks it
// before sending (lib/submissions/refusals.ts), the server before storing (lib/http, lib/data).

/** The largest code the grader accepts, in UTF-8 bytes. */
export const MAX_CODE_BYTES = 64 * 1024;
