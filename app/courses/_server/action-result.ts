import "server-only";
import { isAccessError } from "@/lib/data/access";

// Server actions are public POST endpoints: they return expected failures as data
// ({ ok: false, message }) instead of throwing, so the client can show them next to the form
// without losing what the student typed.

export type ActionFailure = { ok: false; message: string };

export async function guarded<T>(run: () => Promise<T>): Promise<T | ActionFailure> {
  try {
    return await run();
  } catch (e) {
    if (isAccessError(e)) {
      return { ok: false, message: e.status === 401 ? "Your session has ended. Sign in again (your code is kept in this browser)." : e.message };
    }
    // Unexpected: log for the operator, give the student a calm message without internals.
    console.error("[courses action]", e);
    return { ok: false, message: "Something went wrong on the server. Try again in a moment." };
  }
}
