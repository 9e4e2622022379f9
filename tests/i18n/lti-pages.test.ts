import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { englishText, userTextIn } from "@/lib/i18n/translate";
import { userText } from "@/lib/i18n/user-text";
import { CROSS_ORIGIN_REFUSAL } from "@/lib/http/request-guard";
import { autoPostPage, newWindowPage, refusalPage } from "@/lib/lti/html";
import { verifyLaunch } from "@/lib/lti/launch";
import { isLaunchRefusal } from "@/lib/lti/refusal";

// The launch flow's own pages (issue 18): a student can meet them inside the LMS's frame before
// Chainrule has a session, so they are in the browser's language, and so is the refusal's reason.

const FRAMERS = ["https://lms.example.edu"];
const ROOT = path.join(import.meta.dirname, "..", "..");

async function refusalOf(form: Record<string, string>): Promise<{ check: string; message: string }> {
  const e: unknown = await verifyLaunch(form, []).then(() => null, (x: unknown) => x);
  if (!isLaunchRefusal(e)) throw new Error(`expected a launch refusal, got ${String(e)}`);
  return { check: e.check, message: e.message };
}

describe("LTI launch pages in the reader's language", () => {
  it("a refused launch reads in Korean: heading, reason and advice; the check keeps its specification name", async () => {
    const refusal = await refusalOf({});
    const page = refusalPage("ko", refusal.check, refusal.message, 400, FRAMERS);
    expect(page.html).toContain('<html lang="ko">');
    expect(page.html).toContain("Chainrule이 이 실행을 열 수 없습니다");
    expect(page.html).toContain("실행은 id_token과 state를 담은 폼 POST여야 합니다.");
    expect(page.html).toContain("실패한 검사: <code data-check>form</code>.");
    expect(page.html).toContain("<title>실행 거부됨 · Chainrule</title>");
    for (const english of ["could not open", "must be a form post", "Failed check", "Launch refused", "⟦i18n:"]) expect(page.html, english).not.toContain(english);
  });

  it("in English the page keeps the wording the LTI browser test reads", async () => {
    const refusal = await refusalOf({ error: "access_denied", error_description: "nope" });
    expect(refusal.check).toBe("platform error");
    expect(englishText(refusal.message)).toBe("The LMS answered the login with an error (access_denied: nope).");
    const page = refusalPage("en", refusal.check, refusal.message, 400, FRAMERS);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain("Chainrule could not open this launch");
    expect(page.html).toContain("Failed check: <code data-check>platform error</code>. If this keeps happening, give your LMS administrator this check&#39;s name;");
    expect(userTextIn("ko", refusal.message)).toBe("LMS가 로그인에 오류로 응답했습니다(access_denied: nope).");
  });

  it("a check name or a parameter with markup is escaped, not interpreted", () => {
    const page = refusalPage("ko", "<b>x</b>", userText("ltiLaunch.unknownIssuer", { iss: "<script>" }), 401, FRAMERS);
    expect(page.html).toContain("<code data-check>&lt;b&gt;x&lt;/b&gt;</code>");
    expect(page.html).toContain("알 수 없는 발급자 &quot;&lt;script&gt;&quot;입니다.");
    expect(page.html).not.toContain("<script>");
  });

  it("the new-window page, the return form and the cross-site refusal are in Korean too", () => {
    const win = newWindowPage("ko", "https://chainrule.example/api/lti/login?iss=x", FRAMERS);
    expect(win.html).toContain("새 창에서 Chainrule 열기");
    expect(win.html).toContain("쿠키를 차단합니다");
    expect(win.html).not.toContain("Open Chainrule");
    const back = autoPostPage("ko", "LMS로 돌아가는 중", "https://lms.example.edu/return", { JWT: "a.b.c" }, FRAMERS);
    expect(back.html).toContain("LMS로 계속");
    expect(back.html).not.toContain("Continue to the LMS");
    expect(userTextIn("ko", CROSS_ORIGIN_REFUSAL)).not.toMatch(/[A-Za-z]{4}/);
    expect(englishText(CROSS_ORIGIN_REFUSAL)).toBe("Cross-site request refused.");
    expect(refusalPage("ko", "origin", CROSS_ORIGIN_REFUSAL, 403, FRAMERS).html).not.toContain("Cross-site");
  });

  it("every refusal of the launch and login checks is a message key, not an English sentence", () => {
    for (const file of ["lib/lti/launch.ts", "lib/lti/login.ts"]) {
      const source = fs.readFileSync(path.join(ROOT, file), "utf8");
      const refusals = [...source.matchAll(/new LaunchRefusal\(([^,]+),\s*([^,(]+)/g)];
      expect(refusals.length, file).toBeGreaterThan(4);
      for (const [whole, , message] of refusals) expect(message?.trim(), whole).not.toMatch(/^["'`]/);
    }
  });
});
