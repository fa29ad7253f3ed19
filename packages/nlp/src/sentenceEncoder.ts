/**
 * Turns sentences into vectors whose cosine measures closeness of meaning.
 * `@chatwright/encoder` provides one (Universal Sentence Encoder lite, shipped
 * inside an npm package); the classifier only needs this shape.
 */
export interface SentenceEncoder {
  /** names the vector space: vectors of different encoders are never compared */
  readonly name: string;
  /** one vector per text, in order */
  encode(texts: readonly string[]): Promise<Float32Array[]>;
}
