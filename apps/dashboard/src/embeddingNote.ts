/**
 * What an owner needs to know when an import's embeddings failed: the entries
 * are saved and found by their words; search by meaning catches up on the
 * next import. Empty when embeddings worked or are not configured.
 */
export function embeddingNote(embeddingError: string | null | undefined): string {
  if (!embeddingError) return "";
  return " Search by meaning is not ready for it yet (the embeddings service did not answer); customers' questions still find it by its words, and the next import catches up.";
}
