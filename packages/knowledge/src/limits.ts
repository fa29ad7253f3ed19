/** Limits on what one upload may contain. Past any of them the upload is refused whole. */
export const knowledgeLimits = {
  /** bytes of one uploaded file */
  maxFileBytes: 5 * 1024 * 1024,
  /** question/answer pairs in one FAQ file */
  maxFaqRows: 2000,
  /** chunks one document may produce */
  maxDocumentChunks: 5000,
  maxQuestionChars: 1000,
  maxAnswerChars: 10_000,
  /** default size of a document chunk and the overlap between neighbours */
  chunkChars: 1200,
  chunkOverlapChars: 150,
} as const;
