import type { FieldErrors } from "../errors";

/**
 * Where a refused form's message goes, so it shows once: next to the fields
 * it is about (the input check's field errors, or the field a refusal names
 * in `details.field`), or above the button when it names none of the form's fields.
 */
export function placeFormError(
  error: { message: string; fieldErrors: FieldErrors; details: unknown } | null,
  fields: readonly string[],
): { fieldErrors: FieldErrors; formMessage: string | null } {
  if (error === null) return { fieldErrors: {}, formMessage: null };
  const fieldErrors: FieldErrors = {};
  for (const field of fields) {
    const messages = error.fieldErrors[field];
    if (messages && messages.length > 0) fieldErrors[field] = messages;
  }
  const named = typeof error.details === "object" && error.details !== null && "field" in error.details ? error.details.field : null;
  if (typeof named === "string" && fields.includes(named) && fieldErrors[named] === undefined) fieldErrors[named] = [error.message];
  return { fieldErrors, formMessage: Object.keys(fieldErrors).length > 0 ? null : error.message };
}
