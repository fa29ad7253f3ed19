/**
 * A stand-in for a semantic embeddings model, for tests: one dimension per
 * topic counting the text's words from that topic's list, plus one for
 * "none of them". Texts about the same topic point the same way whatever
 * other words they use, so a paraphrase with no word in common with its
 * FAQ still finds it, as with a real model.
 */
export function embedByTopic(topics: readonly (readonly string[])[]): (text: string) => number[] {
  const topicOf = new Map<string, number>();
  topics.forEach((words, index) => words.forEach((word) => topicOf.set(word.toLowerCase(), index)));
  return (text) => {
    const vector: number[] = new Array<number>(topics.length + 1).fill(0);
    for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
      const index = topicOf.get(word);
      if (index !== undefined) vector[index] = (vector[index] ?? 0) + 1;
    }
    if (!vector.some((x) => x > 0)) vector[topics.length] = 1;
    const length = Math.hypot(...vector);
    return vector.map((x) => x / length);
  };
}
