// The lint rules against hard-coded interface text (issue 18), in their own module so that
// tests/i18n/no-literals.test.ts can run exactly these rules on probes and on app/ and components/.
import react from "eslint-plugin-react";

// Attributes a user reads or hears: a literal there is interface text that skipped translation.
const READ_ATTRIBUTES = "/^(title|alt|placeholder|label|aria-label|aria-description|aria-valuetext|aria-roledescription)$/";
// Letters in a literal: punctuation, symbols and numbers ("·", "—", "%", "∂", "1") need no translation.
const HAS_WORD = "/[A-Za-z\\u00C0-\\u024F\\uAC00-\\uD7A3]{2}/";

export const i18nTextRules = {
    // No hard-coded interface text (issue 18): every string a user reads in app/ and components/
    // goes through next-intl (messages/<locale>/<namespace>.json). JSX text and string literals in
    // JSX children are refused by react/jsx-no-literals; literals in the attributes a user reads,
    // and the page metadata's title and description, by the selectors below.
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    plugins: { react },
    rules: {
      "react/jsx-no-literals": [
        "error",
        { noStrings: true, ignoreProps: true, allowedStrings: ["·", "—", "–", "…", "%", "∂", ":", "/", "(", ")", "×", "→", "←", "✓", "✗", "+", "-", "=", ",", ".", "|", "#"] },
      ],
      "no-restricted-syntax": [
        "error",
        ...[
          // The attribute's own value: a literal, a template, or a branch of a condition (not the
          // arguments of a call such as t("key")).
          `JSXAttribute[name.name=${READ_ATTRIBUTES}] > Literal[value=${HAS_WORD}]`,
          `JSXAttribute[name.name=${READ_ATTRIBUTES}] > JSXExpressionContainer > Literal[value=${HAS_WORD}]`,
          `JSXAttribute[name.name=${READ_ATTRIBUTES}] > JSXExpressionContainer > TemplateLiteral > TemplateElement[value.raw=${HAS_WORD}]`,
          `JSXAttribute[name.name=${READ_ATTRIBUTES}] > JSXExpressionContainer > :matches(ConditionalExpression, LogicalExpression) > Literal[value=${HAS_WORD}]`,
          // Children: {cond ? "Joining…" : "Join"} and {`${n} items`} (jsx-no-literals sees only a bare string).
          `:matches(JSXElement, JSXFragment) > JSXExpressionContainer > :matches(ConditionalExpression, LogicalExpression) > Literal[value=${HAS_WORD}]`,
          `:matches(JSXElement, JSXFragment) > JSXExpressionContainer > TemplateLiteral > TemplateElement[value.raw=${HAS_WORD}]`,
        ].map((selector) => ({ selector, message: "interface text: use a translation (useTranslations / getTranslations, messages/<locale>/<namespace>.json)" })),
        {
          selector: `VariableDeclarator[id.name="metadata"] Property[key.name=/^(title|description)$/] > Literal[value=${HAS_WORD}]`,
          message: "page titles are interface text: export generateMetadata() with getTranslations",
        },
      ],
    },
  };
