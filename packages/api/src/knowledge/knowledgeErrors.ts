import { KnowledgeError } from "@chatwright/knowledge";
import { DomainError } from "../errors";

/**
 * Runs knowledge domain code and turns its KnowledgeError into the API's
 * DomainError (same code words); rejected FAQ rows travel as `details`.
 */
export async function withKnowledgeErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof KnowledgeError) {
      throw new DomainError(error.code, error.message, error.rowErrors.length > 0 ? { rowErrors: error.rowErrors } : undefined);
    }
    throw error;
  }
}
