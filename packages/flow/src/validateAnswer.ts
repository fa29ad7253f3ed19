import { compilePattern, MAX_PATTERN_INPUT } from "./evaluateCondition.ts";

export const ANSWER_VALIDATIONS = ["text", "email", "phone", "number", "regex"] as const;
export type AnswerValidation = (typeof ANSWER_VALIDATIONS)[number];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;
const PHONE_CHARACTERS = /^\+?[0-9 ().-]+$/;
const NUMBER = /^[-+]?\d+(?:[.,]\d+)?$/;

/** Whether a visitor's answer passes an Ask node's validation. */
export function isValidAnswer(
  text: string,
  validation: AnswerValidation,
  pattern: string | undefined,
  patternCache?: Map<string, RegExp | null>,
): boolean {
  const answer = text.trim();
  if (answer === "") return false;
  switch (validation) {
    case "text":
      return true;
    case "email":
      return answer.length <= 254 && EMAIL.test(answer);
    case "phone": {
      if (!PHONE_CHARACTERS.test(answer)) return false;
      const digits = answer.replace(/\D/g, "").length;
      return digits >= 7 && digits <= 15;
    }
    case "number":
      return NUMBER.test(answer);
    case "regex": {
      const compiled = compilePattern(pattern ?? "", patternCache);
      return compiled ? compiled.test(answer.slice(0, MAX_PATTERN_INPUT)) : false;
    }
  }
}

/** The value stored for a valid answer: trimmed; emails lower-cased; decimal commas become points. */
export function normalizeAnswer(text: string, validation: AnswerValidation): string {
  const answer = text.trim();
  if (validation === "email") return answer.toLowerCase();
  if (validation === "number") return answer.replace(",", ".");
  return answer;
}
