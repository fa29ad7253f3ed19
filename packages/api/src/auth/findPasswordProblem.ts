import { readFileSync } from "node:fs";

const CHOOSE_ANOTHER = "Choose something harder to guess, such as a few words that don't belong together.";

/**
 * common-passwords.txt: every password of 10 or more characters (our
 * minimum) in the frequency-ranked list of leaked passwords that zxcvbn
 * ships (@zxcvbn-ts/language-common 4.1.3, MIT), lower-cased, most common
 * first. Shorter ones need no entry: the minimum length refuses them.
 * Read on first use: most processes never set a password.
 */
let commonPasswords: ReadonlySet<string> | undefined;
function isCommonPassword(normalized: string): boolean {
  commonPasswords ??= new Set(
    readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8")
      .split("\n")
      .filter((line) => line !== ""),
  );
  return commonPasswords.has(normalized);
}

/**
 * Why a new password must be refused, in words a shop owner can act on, or
 * null when it may be used. Checked wherever a password is set, before it is
 * hashed; the length limits are the input schema's. Case and the spaces
 * around it do not make a common password uncommon.
 */
export function findPasswordProblem(password: string, context: { email?: string } = {}): string | null {
  const normalized = password.normalize("NFKC").trim().toLowerCase();
  if (normalized === "") return "A password can't be only spaces. Use letters, numbers or symbols.";
  if (new Set(normalized).size === 1) return `A password can't be one character repeated. ${CHOOSE_ANOTHER}`;
  if (isCommonPassword(normalized)) return `This is one of the most common passwords, among the first anyone guessing would try. ${CHOOSE_ANOTHER}`;
  if (context.email !== undefined && normalized === context.email.trim().toLowerCase()) return `Don't use your email address as your password. ${CHOOSE_ANOTHER}`;
  return null;
}
