import { MAX_CODE_BYTES } from "@/lib/grading/limits";
import { userText } from "@/lib/i18n/user-text";

// What the item page says when an answer cannot be graded (issue 21: every refusal says what
// happened and what to do). Browser-safe: the checks run before anything is sent, and a request
// that throws is named by what really failed, "offline" only when the network is down.

const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;

/** Why code is not sent at all (userText), or null. The server checks the same (lib/data/submissions.ts). */
export function refuseCodeBeforeSending(code: string): string | null {
  if (code.trim() === "") return userText("workbench.emptyCode");
  const bytes = new TextEncoder().encode(code).length;
  if (bytes > MAX_CODE_BYTES) return userText("workbench.codeTooLarge", { size: kb(bytes), limit: kb(MAX_CODE_BYTES) });
  return null;
}

/** The same size check for the draft autosave, whose words differ: nothing was submitted. */
export function refuseDraftBeforeSaving(code: string): string | null {
  const bytes = new TextEncoder().encode(code).length;
  return bytes > MAX_CODE_BYTES ? userText("workbench.draftTooLarge", { size: kb(bytes), limit: kb(MAX_CODE_BYTES) }) : null;
}

export type TransportFailure = { kind: "offline" } | { kind: "too-large" } | { kind: "server"; detail: string };

/**
 * A server action or fetch that threw: the request never got an answer. fetch() rejects with a
 * TypeError when the network fails; Next's action client throws an Error carrying the server's
 * text for an HTTP error (413 "Body exceeded … limit" in development) or "An unexpected
 * response…"; a production server answers an oversized action body with a 500 whose message is
 * hidden behind a digest, which is why code is measured before it is sent.
 */
export function classifyTransportFailure(error: unknown, online: boolean): TransportFailure {
  if (!online) return { kind: "offline" };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TypeError && /fetch|network|load failed/i.test(message)) return { kind: "offline" };
  if (/body exceeded|\b413\b|too large/i.test(message)) return { kind: "too-large" };
  // A production build hides a server error's message behind a digest: the digest is what the
  // instructor (or the server's log) can look up.
  const digest = typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return { kind: "server", detail: digest !== null ? `ref. ${digest}` : (message.split("\n")[0]?.slice(0, 200) ?? "") };
}

/** The sentence for a transport failure (userText); `what`: code in the editor or a quiz answer. */
export function transportFailureText(failure: TransportFailure, what: "code" | "answer"): string {
  switch (failure.kind) {
    case "offline":
      return userText(what === "code" ? "workbench.offlineCode" : "quiz.offlineAnswer");
    case "too-large":
      if (what === "code") return userText("workbench.requestTooLarge", { limit: kb(MAX_CODE_BYTES) });
      return userText("quiz.serverFailedAnswer", { detail: "413" });
    case "server":
      return userText(what === "code" ? "workbench.serverFailedCode" : "quiz.serverFailedAnswer", { detail: failure.detail });
  }
}
