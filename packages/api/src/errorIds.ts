import { randomBytes } from "node:crypto";

const ids = new WeakMap<object, string>();

/**
 * The id an unexpected error is known by: the server logs the error with it
 * and the client's message quotes it, so a support request finds the log
 * line. Made on the first read; every later read of the same error gets it.
 */
export function readErrorId(error: object): string {
  const known = ids.get(error);
  if (known) return known;
  const id = randomBytes(6).toString("hex");
  ids.set(error, id);
  return id;
}

/** What a client sees instead of an unexpected error's own message (which may name files, queries or data). */
export function describeUnexpectedError(errorId: string): string {
  return `Something went wrong on our side. Try again in a moment; if it keeps failing, contact support with error id ${errorId}.`;
}
