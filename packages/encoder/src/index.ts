export { createSentenceEncoder, USE_LITE, MAX_ENCODED_CHARS, type LocalSentenceEncoder, type SentenceEncoderOptions } from "./loadSentenceEncoder.ts";
export type { SentenceEncoder } from "@chatwright/nlp";
