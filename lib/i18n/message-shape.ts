import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import type { MessageTree } from "./messages";

// What two translations of one message must share (the parity test, and C's package checks may
// reuse it): the {arguments} the code passes, the <tags> it fills, and the options of each
// select. A number may be a plain {count} in one language and a {count, plural, ...} in the
// other: Korean has no singular.

/** Every leaf of a namespace as "path.to.key" → message. */
export function flattenMessages(tree: MessageTree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flattenMessages(value, path)) out.set(k, v);
  }
  return out;
}

/** The sorted signature of a message's placeholders, e.g. ["<link>", "{count}", "{role:select:instructor|other}"]. Throws on ICU syntax errors. */
export function placeholderShape(message: string): string[] {
  const shape = new Set<string>();
  const walk = (elements: MessageFormatElement[]): void => {
    for (const el of elements) {
      switch (el.type) {
        case TYPE.argument:
        case TYPE.number:
          shape.add(`{${el.value}}`);
          break;
        case TYPE.date:
        case TYPE.time:
          shape.add(`{${el.value}:${TYPE[el.type]}}`);
          break;
        case TYPE.plural:
          shape.add(`{${el.value}}`);
          for (const option of Object.values(el.options)) walk(option.value);
          break;
        case TYPE.select:
          shape.add(`{${el.value}:select:${Object.keys(el.options).sort().join("|")}}`);
          for (const option of Object.values(el.options)) walk(option.value);
          break;
        case TYPE.tag:
          shape.add(`<${el.value}>`);
          walk(el.children);
          break;
        default:
          break;
      }
    }
  };
  walk(parse(message));
  return [...shape].sort();
}
