export type RuntimeErrorCode = "NOT_FOUND" | "CONVERSATION_CLOSED" | "NOT_IN_HANDOFF" | "INVALID_MESSAGE" | "ALREADY_CLAIMED" | "NOT_ASSIGNED" | "BUSY";

/** A request the runtime refuses; the API maps the code to a client error. */
export class RuntimeError extends Error {
  override name = "RuntimeError";
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
