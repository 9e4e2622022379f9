import { describe, expect, it } from "vitest";
import { renderInlineMarkdown } from "@/components/render-markdown";
import { GLOSSARY, glossaryFor } from "./glossary";

// The vocabulary issue 18 fixes (the Korean edition's and the seed's words), each in the glossary.
const REQUIRED = [
  "오차역전파법", "계산 그래프", "국소적 계산", "국소적 미분", "연쇄법칙", "순전파", "역전파", "곱셈 노드", "덧셈 노드",
  "곱셈 계층", "덧셈 계층", "활성화 함수 계층", "편미분", "수치 미분", "중심 차분", "기울기 확인", "기울기", "손실 함수",
  "교차 엔트로피 오차", "소프트맥스", "시그모이드", "ReLU", "어파인 계층", "배치", "가중치", "편향", "학습률", "신경망", "미니배치", "정답 레이블",
];

describe("glossary", () => {
  it("has every required Korean term once, with English, a note in each language and a unique anchor", () => {
    const ko = GLOSSARY.map((t) => t.ko);
    expect([...ko].sort()).toEqual([...REQUIRED].sort());
    expect(new Set(GLOSSARY.map((t) => t.id)).size).toBe(GLOSSARY.length);
    for (const t of GLOSSARY) {
      expect(t.en.length, t.id).toBeGreaterThan(0);
      expect(t.note.en, t.id).toMatch(/[a-z]/);
      expect(t.note.ko, t.id).toMatch(/[\uac00-\ud7a3]/);
    }
  });

  it("keeps the seed's rules in the notes and sorts for each reader", () => {
    expect(GLOSSARY.find((t) => t.id === "mul-node")?.note.ko).toContain("곱셈은 엇갈려 곱하고 덧셈은 그냥 흘려보낸다");
    expect(GLOSSARY.find((t) => t.id === "chain-rule")?.note.ko).toContain("겉미분 후 속미분");
    expect(glossaryFor("ko")[0]?.ko).toBe("가중치");
    expect(glossaryFor("en")[0]?.en).toBe("activation function layer");
  });

  it("every symbol renders with KaTeX (no TeX error)", () => {
    for (const t of GLOSSARY) {
      if (t.symbol === null) continue;
      const html = renderInlineMarkdown(t.symbol.startsWith("`") ? t.symbol : `$${t.symbol}$`);
      expect(html, t.id).not.toMatch(/katex-error/);
    }
  });
});
