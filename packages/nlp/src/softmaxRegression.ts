/** One training row or query: sparse features (index, value), in any order. */
export type SparseRow = { indices: ArrayLike<number>; values: ArrayLike<number> };

export type SoftmaxRegressionOptions = {
  /** passes over the rows */
  epochs: number;
  /** initial step size; it decays linearly to zero over the passes */
  learningRate: number;
  /** L2 penalty (weight decay) on the weights, not on the biases */
  l2: number;
  /** classes whose gradient |p − y| is below this are not updated for a row (speed) */
  updateFloor: number;

  /**
   * Warm start: each class's weights begin as its rows' sum, L2-normalised,
   * times this (a nearest-centroid classifier); 0 starts from zero. Makes the
   * first pass's probabilities peaked, so few classes need updating.
   */
  initialScale: number;
  /** softmax over each row's label and this many nearest classes (by centroid) only; 0 = every class */
  candidateCount: number;
  /**
   * Learn one bias per class. Off by default: a bias mostly learns how many
   * rows a class has (an intent with more examples would be favoured), and
   * with `candidateCount` a class that is rarely a candidate would only ever
   * see its bias pushed up.
   */
  isBiasLearned: boolean;
};

export type SoftmaxRegression = {
  classCount: number;
  featureCount: number;
  /** feature-major: the weights of feature f for every class are weights[f·classCount …] */
  weights: Float32Array;
  biases: Float32Array;
};

export const defaultSoftmaxRegressionOptions: SoftmaxRegressionOptions = { epochs: 5, learningRate: 1, l2: 1e-4, updateFloor: 1e-3, initialScale: 0, candidateCount: 0, isBiasLearned: false };

/** Class scores (logits) of `row`, before the softmax. */
export function softmaxLogits(model: SoftmaxRegression, row: SparseRow, out = new Float64Array(model.classCount)): Float64Array {
  const { classCount, featureCount, weights, biases } = model;
  for (let c = 0; c < classCount; c++) out[c] = biases[c] ?? 0;
  for (let k = 0; k < row.indices.length; k++) {
    const feature = row.indices[k] ?? -1;
    if (feature < 0 || feature >= featureCount) continue;
    const value = row.values[k] ?? 0;
    if (value === 0) continue;
    const offset = feature * classCount;
    for (let c = 0; c < classCount; c++) out[c] = (out[c] ?? 0) + value * (weights[offset + c] ?? 0);
  }
  return out;
}

/** Softmax of `logits`, in place. */
export function softmaxInPlace(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const z of logits) max = Math.max(max, z);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp((logits[i] ?? 0) - max);
    logits[i] = e;
    sum += e;
  }
  for (let i = 0; i < logits.length; i++) logits[i] = (logits[i] ?? 0) / sum;
  return logits;
}

/** Class probabilities of `row`. */
export function softmaxProbabilities(model: SoftmaxRegression, row: SparseRow): Float64Array {
  return softmaxInPlace(softmaxLogits(model, row));
}

/** Sum of each class's rows, L2-normalised per class, times `scale` (feature-major, like the weights). */
const classCentroids = (rows: readonly SparseRow[], labels: readonly number[], classCount: number, featureCount: number, scale: number): Float32Array => {
  const sums = new Float32Array(featureCount * classCount);
  rows.forEach((row, n) => {
    const label = labels[n] ?? -1;
    if (label < 0 || label >= classCount) return;
    for (let k = 0; k < row.indices.length; k++) {
      const feature = row.indices[k] ?? -1;
      if (feature >= 0 && feature < featureCount) sums[feature * classCount + label] = (sums[feature * classCount + label] ?? 0) + (row.values[k] ?? 0);
    }
  });
  const norms = new Float64Array(classCount);
  for (let i = 0; i < sums.length; i++) norms[i % classCount] = (norms[i % classCount] ?? 0) + (sums[i] ?? 0) ** 2;
  for (let i = 0; i < sums.length; i++) {
    const norm = norms[i % classCount] ?? 0;
    sums[i] = norm > 0 ? ((sums[i] ?? 0) * scale) / Math.sqrt(norm) : 0;
  }
  return sums;
};

/**
 * Dot product of every row with every class's centroid (its rows' sum,
 * L2-normalised), through per-feature postings: sparse, so the cost follows
 * how many classes share each row's features rather than features × classes.
 */
const nearestCentroidSimilarities = (rows: readonly SparseRow[], labels: readonly number[], classCount: number, featureCount: number): Float64Array[] => {
  const sums = new Map<number, Map<number, number>>();
  rows.forEach((row, n) => {
    const label = labels[n] ?? -1;
    if (label < 0 || label >= classCount) return;
    for (let k = 0; k < row.indices.length; k++) {
      const feature = row.indices[k] ?? -1;
      if (feature < 0 || feature >= featureCount) continue;
      let byClass = sums.get(feature);
      if (byClass === undefined) sums.set(feature, (byClass = new Map()));
      byClass.set(label, (byClass.get(label) ?? 0) + (row.values[k] ?? 0));
    }
  });
  const norms = new Float64Array(classCount);
  for (const byClass of sums.values()) for (const [c, v] of byClass) norms[c] = (norms[c] ?? 0) + v * v;
  // features most classes share are kept dense (one value per class), the others as (class, value) lists
  const dense = new Map<number, Float64Array>();
  const postings = new Map<number, { classes: Int32Array; values: Float64Array }>();
  for (const [feature, byClass] of sums) {
    if (byClass.size * 4 > classCount) {
      const values = new Float64Array(classCount);
      for (const [c, v] of byClass) values[c] = v / Math.sqrt(norms[c] || 1);
      dense.set(feature, values);
      continue;
    }
    const classes = Int32Array.from(byClass.keys());
    postings.set(feature, { classes, values: Float64Array.from(classes, (c) => (byClass.get(c) ?? 0) / Math.sqrt(norms[c] || 1)) });
  }
  return rows.map((row) => {
    const similarities = new Float64Array(classCount);
    for (let k = 0; k < row.indices.length; k++) {
      const feature = row.indices[k] ?? -1;
      const value = row.values[k] ?? 0;
      const column = dense.get(feature);
      if (column !== undefined) {
        for (let c = 0; c < classCount; c++) similarities[c] = (similarities[c] ?? 0) + value * (column[c] ?? 0);
        continue;
      }
      const list = postings.get(feature);
      if (list === undefined) continue;
      for (let j = 0; j < list.classes.length; j++) {
        const c = list.classes[j] ?? 0;
        similarities[c] = (similarities[c] ?? 0) + value * (list.values[j] ?? 0);
      }
    }
    return similarities;
  });
};

/**
 * Multinomial logistic regression (softmax, L2) by stochastic gradient
 * descent over sparse rows. Deterministic: fixed initial weights and a fixed
 * visiting order (round robin over the classes: each class's first row,
 * then each class's second row, ...), the same every pass.
 *
 * With `candidateCount` below the number of classes, each row's softmax
 * runs over its own label and the `candidateCount` classes whose centroids
 * are closest to it (the confusable ones), not over every class: the cost
 * of a pass no longer grows with the number of classes.
 */
export function trainSoftmaxRegression(
  rows: readonly SparseRow[],
  labels: readonly number[],
  classCount: number,
  featureCount: number,
  options: Partial<SoftmaxRegressionOptions> = {},
): SoftmaxRegression {
  const { epochs, learningRate, l2, updateFloor, initialScale, candidateCount, isBiasLearned } = { ...defaultSoftmaxRegressionOptions, ...options };
  if (rows.length !== labels.length) throw new Error("trainSoftmaxRegression: one label per row");
  const weights = initialScale > 0 ? classCentroids(rows, labels, classCount, featureCount, initialScale) : new Float32Array(featureCount * classCount);
  const biases = new Float32Array(classCount);
  const model: SoftmaxRegression = { classCount, featureCount, weights, biases };
  const byClass: number[][] = Array.from({ length: classCount }, () => []);
  labels.forEach((label, n) => {
    if (label >= 0 && label < classCount) byClass[label]?.push(n);
  });
  const order: number[] = [];
  for (let round = 0; order.length < rows.length; round++) {
    let isAny = false;
    for (const list of byClass) {
      const n = list[round];
      if (n === undefined) continue;
      isAny = true;
      order.push(n);
    }
    if (!isAny) break;
  }
  if (classCount < 2 || order.length === 0) return model;

  // classes each row's softmax runs over (all, or its label and the nearest centroids)
  const allClasses = Int32Array.from({ length: classCount }, (_, c) => c);
  const candidates: Int32Array[] = rows.map(() => allClasses);
  if (candidateCount > 0 && candidateCount + 1 < classCount) {
    const similarities = nearestCentroidSimilarities(rows, labels, classCount, featureCount);
    order.forEach((n) => {
      const label = labels[n] ?? 0;
      const row = similarities[n];
      if (row === undefined) return;
      // the candidateCount most similar classes other than the label (ties: lower class first)
      const chosen: number[] = [];
      for (let c = 0; c < classCount; c++) {
        if (c === label) continue;
        const value = row[c] ?? 0;
        if (chosen.length === candidateCount && value <= (row[chosen[candidateCount - 1] ?? 0] ?? 0)) continue;
        let at = chosen.length;
        while (at > 0 && (row[chosen[at - 1] ?? 0] ?? 0) < value) at--;
        chosen.splice(at, 0, c);
        if (chosen.length > candidateCount) chosen.pop();
      }
      candidates[n] = Int32Array.from([label, ...chosen].sort((a, b) => a - b));
    });
  }

  // The weights are stored divided by `scale`, so the L2 decay of every
  // weight at each step is one multiplication of `scale`.
  let scale = 1;
  const rescale = (): void => {
    for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] ?? 0) * scale;
    scale = 1;
  };
  const logits = new Float64Array(classCount);
  const active = new Int32Array(classCount);
  const total = epochs * order.length;
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const n of order) {
      const row = rows[n];
      const label = labels[n] ?? -1;
      const classes = candidates[n] ?? allClasses;
      const count = classes.length;
      if (row === undefined) continue;
      const rate = learningRate * (1 - step / total);
      step++;

      // logits over the row's classes (position j holds class classes[j]), with the true weights (stored × scale)
      for (let j = 0; j < count; j++) logits[j] = 0;
      for (let k = 0; k < row.indices.length; k++) {
        const feature = row.indices[k] ?? -1;
        if (feature < 0 || feature >= featureCount) continue;
        const value = row.values[k] ?? 0;
        const offset = feature * classCount;
        for (let j = 0; j < count; j++) logits[j] = (logits[j] ?? 0) + value * (weights[offset + (classes[j] ?? 0)] ?? 0);
      }
      let max = -Infinity;
      for (let j = 0; j < count; j++) {
        logits[j] = (logits[j] ?? 0) * scale + (biases[classes[j] ?? 0] ?? 0);
        max = Math.max(max, logits[j] ?? 0);
      }
      let sum = 0;
      for (let j = 0; j < count; j++) {
        logits[j] = Math.exp((logits[j] ?? 0) - max);
        sum += logits[j] ?? 0;
      }
      // gradient of the cross-entropy: p − y
      let activeCount = 0;
      for (let j = 0; j < count; j++) {
        const c = classes[j] ?? 0;
        logits[j] = (logits[j] ?? 0) / sum - (c === label ? 1 : 0);
        if (Math.abs(logits[j] ?? 0) > updateFloor) active[activeCount++] = j;
      }
      scale *= 1 - rate * l2;
      if (scale < 1e-6) rescale();
      const stored = rate / scale;
      for (let k = 0; k < row.indices.length; k++) {
        const feature = row.indices[k] ?? -1;
        if (feature < 0 || feature >= featureCount) continue;
        const value = (row.values[k] ?? 0) * stored;
        if (value === 0) continue;
        const offset = feature * classCount;
        for (let a = 0; a < activeCount; a++) {
          const j = active[a] ?? 0;
          const at = offset + (classes[j] ?? 0);
          weights[at] = (weights[at] ?? 0) - value * (logits[j] ?? 0);
        }
      }
      if (isBiasLearned) {
        for (let a = 0; a < activeCount; a++) {
          const j = active[a] ?? 0;
          const c = classes[j] ?? 0;
          biases[c] = (biases[c] ?? 0) - rate * (logits[j] ?? 0);
        }
      }
    }
  }
  rescale();
  return model;
}
