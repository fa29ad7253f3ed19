import { extractCitations, isDeclined, stripCitations, DEFAULT_DECLINE_SENTENCE, type KnowledgeChunk } from "./buildGroundedPrompt.ts";

export type GroundedVerdict =
  | { isAnswered: true; citedChunkIds: string[] }
  /** declined: the model said the decline sentence; uncited: it cited no source; unsupported: most of its words are in no cited source */
  | { isAnswered: false; reason: "declined" | "uncited" | "unsupported" };

/** Share of the reply's content words that must appear in the sources it cites. */
const MIN_SUPPORT = 0.5;

// Word stems crude on purpose (lower case, first 5 letters): "returns" / "returned" / "return" meet, and a
// reply cannot slip outside knowledge in through inflection alone.
const contentWords = (text: string): string[] =>
  (text.toLowerCase().normalize("NFKD").match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 4 || /\d/.test(w)).map((w) => w.slice(0, 5));

/**
 * Whether a reply to the grounded prompt may reach the visitor as an answer
 * from the knowledge base. The prompt asks the model to cite and to decline;
 * this checks it did, in the product, whatever the model did: a reply that
 * declines, cites no given source, or whose words mostly come from outside
 * the sources it cites (outside knowledge, a joke an injected instruction
 * asked for, the system prompt) is not an answer, and the step takes
 * `notFound`.
 */
export function judgeGroundedAnswer(text: string, chunks: readonly KnowledgeChunk[], declineSentence: string = DEFAULT_DECLINE_SENTENCE): GroundedVerdict {
  if (isDeclined(text, declineSentence)) return { isAnswered: false, reason: "declined" };
  const citations = extractCitations(text, chunks);
  if (citations.length === 0) return { isAnswered: false, reason: "uncited" };
  const cited = new Set(citations.map((c) => c.chunkId));
  const sourceWords = new Set(chunks.filter((c) => cited.has(c.id)).flatMap((c) => contentWords(`${c.title ?? ""} ${c.text}`)));
  const replyWords = contentWords(stripCitations(text));
  const supported = replyWords.filter((w) => sourceWords.has(w)).length;
  if (replyWords.length > 0 && supported / replyWords.length < MIN_SUPPORT) return { isAnswered: false, reason: "unsupported" };
  return { isAnswered: true, citedChunkIds: citations.map((c) => c.chunkId) };
}
