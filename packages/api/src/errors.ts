/**
 * Errors that domain functions throw. They never import tRPC; the error
 * formatter in trpc.ts maps the code to a TRPCError a client can act on.
 */
export type DomainErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS"
  | "PAYLOAD_TOO_LARGE";

export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Structured detail a client can show (e.g. the flow validator's issues). */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} was not found in this workspace.`);
