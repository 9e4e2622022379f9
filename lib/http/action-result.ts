import "server-only";
import { isAccessError } from "@/lib/data/access";

// Server actions are public POST endpoints: they return expected failures as data
// ({ ok: false, message }) instead of throwing, so the page can show them next to the form
// without losing what was typed. One guard for every action of the app.

export type ActionFailure = { ok: false; message: string };

export interface GuardOptions {
  /**
   * Course staff see an unexpected error's own message (they author the packages and settings it
   * is usually about); students get a calm sentence without internals.
   */
  staff?: boolean;
}

export async function guarded<T>(run: () => Promise<T>, options: GuardOptions = {}): Promise<T | ActionFailure> {
  try {
    return await run();
  } catch (e) {
    if (isAccessError(e)) {
      if (e.status !== 401) return { ok: false, message: e.message };
      return { ok: false, message: options.staff ? "Your session has ended. Sign in again." : "Your session has ended. Sign in again (your code is kept in this browser)." };
    }
    // Unexpected: logged for the operator.
    console.error(options.staff ? "[instructor action]" : "[action]", e);
    if (options.staff && e instanceof Error) return { ok: false, message: e.message };
    return { ok: false, message: "Something went wrong on the server. Try again in a moment." };
  }
}

/** guarded() for the instructor pages' actions. */
export function guardedForStaff<T>(run: () => Promise<T>): Promise<T | ActionFailure> {
  return guarded(run, { staff: true });
}
