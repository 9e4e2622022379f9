import { describe, expect, it } from "vitest";
import { renderInlineMarkdown, renderMarkdown, safeUrl, substituteVars } from "@/components/render-markdown";

describe("renderMarkdown", () => {
  it("renders inline and display math with KaTeX", () => {
    const html = renderMarkdown("The rule $\\frac{\\partial z}{\\partial x} = y$.\n\n$$\nz = t^2\n$$\n");
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="math-display"');
    expect(html).toContain("z = t^2"); // MathML annotation keeps the source for screen readers
  });

  it("does not treat prices as math", () => {
    expect(renderMarkdown("costs $5 and $6")).not.toContain("katex");
  });

  it("escapes raw HTML and drops script links", () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1))');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("javascript:");
    expect(html).toContain("&lt;script&gt;");
  });

  it("drops links and images whose URL hides a scheme behind a TAB, newline or other control character", () => {
    const sneaky = [
      "[x](<java\tscript:alert(1)>)",
      "[x](<java\nscript:alert(1)>)",
      "[x](<\u0001javascript:alert(1)>)",
      "[x](<javascript\u0000:alert(1)>)",
      "[x](<\tjavascript:alert(1)>)",
      "![i](<java\tscript:alert(1)>)",
      "[x][r]\n\n[r]: <java\tscript:alert(1)>",
      "<javascript:alert(1)>",
      "[x](JaVaScRiPt:alert(1))",
      "[x](data:text/html,<script>alert(1)</script>)",
      "[x](vbscript:msgbox(1))",
    ];
    for (const source of sneaky) {
      const html = renderMarkdown(source);
      expect(html, source).not.toMatch(/<a |<img /);
      expect(html.toLowerCase(), source).not.toMatch(/href="[^"]*script|src="[^"]*script/);
    }
  });

  it("allows http(s) and mailto links, http(s) images and same-origin paths only", () => {
    expect(safeUrl("https://example.org/a?b#c", "link")).toBe("https://example.org/a?b#c");
    expect(safeUrl("mailto:teacher@example.org", "link")).toBe("mailto:teacher@example.org");
    expect(safeUrl("mailto:teacher@example.org", "image")).toBeNull();
    expect(safeUrl("/courses/backprop", "link")).toBe("/courses/backprop");
    expect(safeUrl("#forward-pass", "link")).toBe("#forward-pass");
    expect(safeUrl("../relu", "link")).toBe("../relu");
    // Resolve to another origin: protocol-relative, and backslash (browsers read "/\\" as "//").
    for (const other of ["//evil.example/x", "/\\evil.example", "\\\\evil.example", "ftp://example.org/f", "file:///etc/passwd"]) {
      expect(safeUrl(other, "link"), other).toBeNull();
    }
    const html = renderMarkdown("[a](https://example.org) [b](/courses/x) [c](//evil.example) [d](</\\evil.example>) ![e](/img.png)");
    expect(html).toContain('<a href="https://example.org/" rel="noopener noreferrer" target="_blank">a</a>');
    expect(html).toContain('<a href="/courses/x">b</a>');
    expect(html).not.toContain("evil.example");
    expect(html).toContain('<img src="/img.png"');
  });

  it("keeps only the markup Markdown produces, with KaTeX output intact in links, labels and tables", () => {
    const html = renderMarkdown("| a | $x^2$ |\n|:--|--:|\n| [$y$](#y) | `z` |\n\n- [x] done\n\n```ts\nconst a = 1;\n```\n");
    expect(html).toContain('<th align="left">a</th>');
    expect(html).toContain('<a href="#y"><span class="katex">');
    expect(html).toContain('<input checked disabled type="checkbox"');
    expect(html).toContain('<code class="language-ts">');
    expect(renderInlineMarkdown("*a* $\\beta$")).toMatch(/^<em>a<\/em> <span class="katex">/);
    // A placeholder-looking text from the author stays text.
    expect(renderMarkdown("katex-00:0: $x$")).toContain("katex-00:0:");
  });

  it("leaves math inside code spans alone", () => {
    expect(renderMarkdown("`a $x$ b`")).toBe("<p><code>a $x$ b</code></p>\n");
  });

  it("substitutes the student's variant values", () => {
    expect(substituteVars("price {{ p }} x {{n}} {{missing}}", { p: 100, n: 2 })).toBe("price 100 x 2 {{missing}}");
  });
});
