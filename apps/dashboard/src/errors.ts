import { TRPCClientError } from "@trpc/client";

export type FieldErrors = Partial<Record<string, string[]>>;

export interface ErrorDescription {
  message: string;
  fieldErrors: FieldErrors;
}

function readFieldErrors(data: unknown): FieldErrors {
  if (typeof data !== "object" || data === null || !("fieldErrors" in data)) return {};
  const raw = data.fieldErrors;
  if (typeof raw !== "object" || raw === null) return {};
  const fieldErrors: FieldErrors = {};
  for (const [field, messages] of Object.entries(raw)) {
    if (Array.isArray(messages)) fieldErrors[field] = messages.filter((m): m is string => typeof m === "string");
  }
  return fieldErrors;
}

/** The tRPC error code ("UNAUTHORIZED", ...) of an API error, if it is one. */
export function errorCode(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  if (typeof data === "object" && data !== null && "code" in data && typeof data.code === "string") return data.code;
  return null;
}

/** The HTTP status of the response an API error came with, if it got one. */
export function httpStatus(error: unknown): number | null {
  if (!(error instanceof TRPCClientError)) return null;
  const meta: unknown = error.meta;
  if (typeof meta !== "object" || meta === null || !("response" in meta)) return null;
  const response: unknown = meta.response;
  if (typeof response !== "object" || response === null || !("status" in response)) return null;
  return typeof response.status === "number" ? response.status : null;
}

/** The structured detail an API error carries (`data.details`: the field a refusal is about, rejected rows), if any. */
export function errorDetails(error: unknown): unknown {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  return typeof data === "object" && data !== null && "details" in data ? data.details : null;
}

export function isUnauthorized(error: unknown): boolean {
  return errorCode(error) === "UNAUTHORIZED";
}

/**
 * What to tell the user. API messages are written for people already; a
 * failure without a code never reached the API (network) or broke in it.
 */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof TRPCClientError) {
    const code = errorCode(error);
    // The web server refuses oversized bodies itself, before the API sees them.
    if (code === null && httpStatus(error) === 413) {
      return { message: "This upload is larger than the server accepts. Split the file into smaller files and upload them one by one.", fieldErrors: {} };
    }
    if (code === null) {
      return { message: "Chatwright could not be reached. Check your internet connection and try again.", fieldErrors: {} };
    }
    if (code === "INTERNAL_SERVER_ERROR") {
      return { message: "Something went wrong on our side. Please try again in a moment.", fieldErrors: {} };
    }
    return { message: error.message, fieldErrors: readFieldErrors(error.data) };
  }
  return { message: "Something unexpected happened. Reload the page and try again.", fieldErrors: {} };
}
