/**
 * How deeply JSON input may nest. Nothing we accept comes near it (a flow
 * graph is under ten levels); a request nested thousands of levels deep is
 * an attack on whatever walks it recursively next (zod, JSON.stringify,
 * Prisma), which would overflow the stack.
 */
export const MAX_INPUT_DEPTH = 64;

export const INPUT_TOO_DEEP_MESSAGE = `The request's JSON is nested more than ${MAX_INPUT_DEPTH} levels deep. Send flatter data.`;

/**
 * Whether arrays and objects in `value` nest more than `maxDepth` levels.
 * Walks with its own stack (never recursion), so it is safe on any input, and
 * stops as soon as it knows.
 */
export function isNestedDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== "object" || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) {
      if (typeof child === "object" && child !== null) pending.push({ value: child, depth });
    }
  }
  return false;
}
