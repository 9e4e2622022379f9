import "server-only";
import { isAccessError } from "@/lib/data/access";

// Instructor server actions are public POST endpoints like any other: expected failures
// (authorization, validation) come back as data, unexpected ones are logged and summarised.

export type ActionFailure = { ok: false; message: string };

export async function guarded<T>(run: () => Promise<T>): Promise<T | ActionFailure> {
  try {
    return await run();
  } catch (e) {
    if (isAccessError(e)) return { ok: false, message: e.status === 401 ? "Your session has ended. Sign in again." : e.message };
    console.error("[instructor action]", e);
    return { ok: false, message: e instanceof Error ? e.message : "Something went wrong on the server." };
  }
}
