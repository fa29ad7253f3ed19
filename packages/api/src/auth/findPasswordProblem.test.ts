import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findPasswordProblem } from "./findPasswordProblem";

describe("findPasswordProblem", () => {
  it("refuses a password of spaces only, whatever the spaces", () => {
    expect(findPasswordProblem("          ")).toBe("A password can't be only spaces. Use letters, numbers or symbols.");
    expect(findPasswordProblem(" \t \u00a0\u3000      ")).toMatch(/only spaces/);
  });

  it("refuses the most common passwords, whatever their case and the spaces around them", () => {
    for (const password of ["1234567890", "password12", "PassWord12", "  qwertyuiop ", "iloveyou12", "1q2w3e4r5t"]) {
      expect(findPasswordProblem(password), password).toBe(
        "This is one of the most common passwords, among the first anyone guessing would try. Choose something harder to guess, such as a few words that don't belong together.",
      );
    }
  });

  it("refuses one character repeated, and the email address itself", () => {
    expect(findPasswordProblem("aaaaaaaaaaaa")).toMatch(/^A password can't be one character repeated\./);
    expect(findPasswordProblem("############")).toMatch(/one character repeated/);
    expect(findPasswordProblem("Olga@Teas.test", { email: "olga@teas.test" })).toMatch(/^Don't use your email address as your password\./);
  });

  it("accepts a password nobody would guess early", () => {
    for (const password of ["a long enough password", "correct horse battery", "password12 but longer", "tea kettle 1987 lamp", "  spaces are fine inside  "]) {
      expect(findPasswordProblem(password, { email: "olga@teas.test" }), password).toBeNull();
    }
  });

  it("ships a list of lower-cased, distinct passwords, each at least as long as the minimum", () => {
    const lines = readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8").split("\n").slice(0, -1);
    expect(lines.length).toBeGreaterThan(1500);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.filter((line) => line.length < 10 || line !== line.toLowerCase() || line !== line.trim())).toEqual([]);
  });
});
