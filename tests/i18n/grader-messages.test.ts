import { describe, expect, it } from "vitest";
import { localizerFor, PLATFORM_MESSAGES } from "@/lib/exercises/platform-messages";
import { createGraderClient } from "@/lib/grading/client";
import { diskPackageSource } from "@/lib/exercises/loader";
import { localizeResult } from "@/lib/grading/contract";
import { platformUngradable } from "@/lib/grading/localize-result";

// Why a submission could not be graded, as a student reads it (issue 18): the grader's own
// failures (closed, unreachable, overloaded) carry message keys and read in Korean, while the
// stored English base keeps its wording.

const HANGUL = /[\uac00-\ud7a3]/;

describe("the grader's own failures in the reader's language", () => {
  it("a closed grader's result reads in Korean; its English is unchanged", async () => {
    const grader = createGraderClient({ onLog: () => undefined });
    await grader.close();
    const result = await grader.grade({ pkg: await diskPackageSource("mul-layer"), code: "export {}" });
    expect(result).toMatchObject({ gradable: false, error: { kind: "sandbox", message: "The grader is closed" } });
    expect(localizeResult(result, "ko")).toMatchObject({ fallback: false, result: { error: { kind: "sandbox", message: "채점기가 닫혀 있습니다" } } });
  }, 30_000);

  it("a closed grader's quiz variant and inspection fail with a key that reads in Korean", async () => {
    const grader = createGraderClient({ onLog: () => undefined });
    await grader.close();
    const pkg = await diskPackageSource("predict-dapple");
    for (const answer of [await grader.present(pkg, 1, "ko"), await grader.inspect(pkg, { fn: "describe" })]) {
      expect(answer).toEqual({ ok: false, message: "The grader is closed", text: { key: "grader.closed" } });
      if (!answer.ok) expect(localizerFor("ko").text(answer.text)).toBe("채점기가 닫혀 있습니다");
    }
  }, 30_000);

  it("unreachable and overloaded graders (the BullMQ producer, the sandbox) read in Korean", () => {
    const unreachable = platformUngradable("sandbox", { key: "grader.unreachable" });
    expect(unreachable.error?.message).toBe("The graders cannot be reached right now. This did not count as an attempt; try again in a moment.");
    expect(localizeResult(unreachable, "ko").result.error?.message).toBe("지금은 채점기에 연결할 수 없습니다. 시도 횟수는 차감되지 않았습니다. 잠시 후 다시 시도하세요.");
    const memory = platformUngradable("memory", { key: "grader.memory", params: { mb: 64 } });
    expect(memory.error?.message).toBe("Your code used more than 64 MB of memory");
    expect(localizeResult(memory, "ko").result.error?.message).toBe("코드가 메모리를 64 MB보다 많이 사용했습니다");
  });

  it("every platform failure message has a Korean text with the same placeholders", () => {
    const failures = Object.entries(PLATFORM_MESSAGES).filter(([key]) => !key.startsWith("grader.quiz.") && !key.startsWith("grader.compare."));
    expect(failures.length).toBeGreaterThan(20);
    for (const [key, text] of failures) {
      const ko = typeof text === "string" ? "" : (text.ko ?? "");
      const en = typeof text === "string" ? text : (text.en ?? "");
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(ko), key).toEqual(names(en));
      if (!["grader.join-space", "grader.type-null"].includes(key)) expect(ko, key).toMatch(HANGUL);
    }
  });
});
