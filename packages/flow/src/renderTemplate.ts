import type { FlowVariables } from "./variables.ts";

/**
 * One piece of a parsed template: literal text or a variable reference.
 */
type TemplatePart = { text: string } | { variable: string };

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/y;

function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let index = 0;
  while (index < template.length) {
    if (template.startsWith("\\{{", index)) {
      // `\{{` writes a literal `{{` and suppresses substitution.
      literal += "{{";
      index += 3;
      continue;
    }
    if (template.startsWith("{{", index)) {
      PLACEHOLDER.lastIndex = index;
      const match = PLACEHOLDER.exec(template);
      const name = match?.[1];
      if (match && name !== undefined) {
        if (literal) parts.push({ text: literal });
        literal = "";
        parts.push({ variable: name });
        index += match[0].length;
        continue;
      }
    }
    literal += template.charAt(index);
    index += 1;
  }
  if (literal) parts.push({ text: literal });
  return parts;
}

export interface RenderTemplateOptions {
  /**
   * Transforms each substituted value, e.g. `encodeURIComponent` for URLs.
   * Literal template text is never transformed.
   */
  encodeValue?: (value: string) => string;
}

/**
 * Replaces `{{ name }}` with the variable's value; unknown variables become "".
 * `\{{` writes a literal `{{`.
 *
 * No HTML escaping happens here on purpose: the widget and the dashboard render
 * bot messages as text nodes, never as HTML, so escaping would only show
 * `&amp;` to the visitor.
 */
export function renderTemplate(template: string, variables: FlowVariables, options: RenderTemplateOptions = {}): string {
  if (!template.includes("{{")) return template;
  const encode = options.encodeValue;
  let out = "";
  for (const part of parseTemplate(template)) {
    if ("text" in part) {
      out += part.text;
    } else {
      const value = Object.hasOwn(variables, part.variable) ? (variables[part.variable] ?? "") : "";
      out += encode ? encode(value) : value;
    }
  }
  return out;
}

/** Names referenced by `{{ name }}` in the template, in order of first use. */
export function templateVariables(template: string): string[] {
  if (!template.includes("{{")) return [];
  const names: string[] = [];
  for (const part of parseTemplate(template)) {
    if ("variable" in part && !names.includes(part.variable)) names.push(part.variable);
  }
  return names;
}
