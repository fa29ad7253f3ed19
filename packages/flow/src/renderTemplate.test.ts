import { describe, expect, test } from "vitest";
import { renderTemplate, templateVariables } from "./renderTemplate.ts";

describe("renderTemplate", () => {
  test("substitutes variables with or without spaces inside the braces", () => {
    expect(renderTemplate("Hi {{name}}, order {{ order_number }}!", { name: "Ann", order_number: "A-12" })).toBe("Hi Ann, order A-12!");
  });

  test("unknown variables become empty text", () => {
    expect(renderTemplate("Hi {{ name }}.", {})).toBe("Hi .");
  });

  test("does not read inherited object properties", () => {
    expect(renderTemplate("{{ constructor }}{{toString}}", {})).toBe("");
  });

  test("\\{{ writes a literal {{ and suppresses substitution", () => {
    expect(renderTemplate("Type \\{{ name }} to see {{ name }}", { name: "Ann" })).toBe("Type {{ name }} to see Ann");
    expect(renderTemplate("\\{{", {})).toBe("{{");
  });

  test("leaves malformed placeholders as text", () => {
    expect(renderTemplate("{{ two words }} {{}} {{ x", { x: "1" })).toBe("{{ two words }} {{}} {{ x");
  });

  test("values are inserted as text, never re-rendered or HTML-escaped", () => {
    expect(renderTemplate("{{ a }}", { a: "<b>{{ b }}</b> & co", b: "nope" })).toBe("<b>{{ b }}</b> & co");
  });

  test("encodeValue transforms substituted values only", () => {
    expect(renderTemplate("https://x.test/o/{{ id }}?q=a b", { id: "1/2 &x" }, { encodeValue: encodeURIComponent })).toBe(
      "https://x.test/o/1%2F2%20%26x?q=a b",
    );
  });
});

describe("templateVariables", () => {
  test("lists referenced names once, in order, skipping escaped ones", () => {
    expect(templateVariables("{{ b }} {{a}} {{ b }} \\{{ c }}")).toEqual(["b", "a"]);
    expect(templateVariables("no variables")).toEqual([]);
  });
});
