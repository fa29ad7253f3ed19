/**
 * The error knowledge functions throw for input a user can fix or for ids
 * outside the caller's workspace. `code` uses the same words as the API's
 * DomainError, so the router's error formatter maps it without a table.
 */
export type KnowledgeErrorCode = "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE";

/** One rejected row of an FAQ file; `row` counts the file's records from 1 (a header is row 1). */
export type RowError = { row: number; message: string };

export class KnowledgeError extends Error {
  override name = "KnowledgeError";
  constructor(
    readonly code: KnowledgeErrorCode,
    message: string,
    /** rows that were rejected, when the whole file was refused because of them */
    readonly rowErrors: readonly RowError[] = [],
  ) {
    super(message);
  }
}
