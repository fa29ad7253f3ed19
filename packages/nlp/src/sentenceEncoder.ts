import type { IntentModel } from "./intentModel.ts";

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

/**
 * Sentence vectors of the training examples from one sentence encoder,
 * looked up by example text: encoded first (`encodeExamples`), so training
 * stays synchronous and pure.
 */
export type SentenceVectors = {
  /** the encoder's name: a query must be encoded by the same one */
  encoder: string;
  vectorOf(text: string): ArrayLike<number> | null | undefined;
};

/** Encodes the intents' examples (each distinct text once) for `trainIntentClassifier`. */
export async function encodeExamples(encoder: SentenceEncoder, intents: readonly { examples: readonly string[] }[]): Promise<SentenceVectors> {
  const texts = [...new Set(intents.flatMap((intent) => intent.examples))];
  const vectors = await encoder.encode(texts);
  const byText = new Map(texts.map((text, i) => [text, vectors[i]]));
  return { encoder: encoder.name, vectorOf: (text) => byText.get(text) };
}

/**
 * The message's vector for `classifyIntent`: encoded when the model was
 * trained with this encoder's vectors, else null (words alone). Rejects when
 * the encoder fails; callers fall back to words.
 */
export async function encodeQuery(model: IntentModel, encoder: SentenceEncoder | null, text: string): Promise<Float32Array | null> {
  if (encoder === null || model.sentence?.encoder !== encoder.name) return null;
  return (await encoder.encode([text]))[0] ?? null;
}

/** `vector` scaled to unit length, or null when it is missing, empty, all zeros or not finite. */
export function toUnitVector(vector: ArrayLike<number> | null | undefined): Float32Array | null {
  if (vector == null || vector.length === 0) return null;
  const out = Float32Array.from(vector);
  let sum = 0;
  for (const x of out) sum += x * x;
  if (!(sum > 0) || !Number.isFinite(sum)) return null;
  const inverse = 1 / Math.sqrt(sum);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) * inverse;
  return out;
}
