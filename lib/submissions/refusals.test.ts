import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import { readMessages } from "@/lib/i18n/messages";
import { translateUserText } from "@/lib/i18n/user-text";
import { classifyTransportFailure, refuseCodeBeforeSending, refuseDraftBeforeSaving, transportFailureText } from "./refusals";

const t = createTranslator({ locale: "en", messages: readMessages("en") });
const english = (text: string | null): string => (text === null ? "" : translateUserText(text, (key, params) => t(key as never, params as never)));

describe("refusals before anything is sent", () => {
  it("refuses an empty or blank editor with a sentence about the empty code", () => {
    for (const code of ["", "   \n\t "]) {
      const text = english(refuseCodeBeforeSending(code));
      expect(text).toMatch(/^The editor is empty/);
      expect(text).not.toMatch(/try again in a moment|offline/i);
    }
  });

  it("refuses code over the grader's limit with its size and the limit", () => {
    const pasted = "x".repeat(3 * 1024 * 1024);
    expect(english(refuseCodeBeforeSending(pasted))).toBe(
      "Your code is 3072 KB; the limit for a submission is 64 KB. Remove unused code or long comments, then run or submit again. Nothing was sent and no attempt was used.",
    );
    expect(english(refuseDraftBeforeSaving(pasted))).toMatch(/^Not saved: the code is 3072 KB and the limit is 64 KB/);
    // UTF-8 bytes, as the server counts them: 30 000 Hangul syllables are 90 000 bytes.
    expect(refuseCodeBeforeSending("가".repeat(30_000))).not.toBeNull();
  });

  it("lets ordinary code through", () => {
    expect(refuseCodeBeforeSending("export const x = 1;\n")).toBeNull();
    expect(refuseDraftBeforeSaving("export const x = 1;\n")).toBeNull();
  });
});

describe("a request that threw", () => {
  it("is offline only when the network is down", () => {
    expect(classifyTransportFailure(new Error("anything"), false)).toEqual({ kind: "offline" });
    expect(classifyTransportFailure(new TypeError("Failed to fetch"), true)).toEqual({ kind: "offline" });
    expect(classifyTransportFailure(new TypeError("NetworkError when attempting to fetch resource."), true)).toEqual({ kind: "offline" });
  });

  it("names a 413 as too large, with the limit", () => {
    const next413 = new Error("Body exceeded 2112kb limit.\nTo configure the body size limit for Server Actions, see: https://nextjs.org/docs/app/api-reference/next-config-js/serverActions#bodysizelimit");
    const failure = classifyTransportFailure(next413, true);
    expect(failure).toEqual({ kind: "too-large" });
    expect(english(transportFailureText(failure, "code"))).toBe("The server refused the submission as too large (the limit is 64 KB of code). Shorten the code and submit again.");
  });

  it("says what any other failure was, never 'offline'", () => {
    const failure = classifyTransportFailure(new Error("An unexpected response was received from the server."), true);
    expect(failure).toEqual({ kind: "server", detail: "An unexpected response was received from the server." });
    const text = english(transportFailureText(failure, "answer"));
    expect(text).toMatch(/^The server answered with an error \(An unexpected response was received from the server\.\)/);
    expect(text).not.toMatch(/offline/i);
    expect(english(transportFailureText({ kind: "offline" }, "code"))).toMatch(/^You are offline \(the network is down\)/);
  });
});

describe("a production server error", () => {
  it("is named by its digest, the reference the server's log has", () => {
    const redacted = Object.assign(new Error("An error occurred in the Server Components render. The specific message is omitted in production builds to avoid leaking sensitive details."), { digest: "2947118430" });
    expect(classifyTransportFailure(redacted, true)).toEqual({ kind: "server", detail: "ref. 2947118430" });
  });
});
