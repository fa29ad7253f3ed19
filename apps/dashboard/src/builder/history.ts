/**
 * Undo/redo as a pure value: `past` holds the states before each change,
 * `future` the states undone. Typing in one field is one step, not one per
 * keystroke: changes with the same `key` within `coalesceMs` merge.
 */
export interface History<T> {
  past: readonly T[];
  future: readonly T[];
  lastKey: string | null;
  lastAt: number;
}

export const HISTORY_LIMIT = 100;
const COALESCE_MS = 1000;

export function createHistory<T>(): History<T> {
  return { past: [], future: [], lastKey: null, lastAt: 0 };
}

/** Records `before` (the state the change starts from) as an undo step. */
export function recordHistory<T>(history: History<T>, before: T, options: { key?: string | null; now: number; limit?: number }): History<T> {
  const key = options.key ?? null;
  const isSameGesture = key !== null && key === history.lastKey && options.now - history.lastAt < COALESCE_MS;
  if (isSameGesture) return { ...history, future: [], lastAt: options.now };
  const limit = options.limit ?? HISTORY_LIMIT;
  const past = [...history.past, before];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, future: [], lastKey: key, lastAt: options.now };
}

/** The state to go back to and the history after it, or null when there is nothing to undo. */
export function undoHistory<T>(history: History<T>, present: T): { history: History<T>; state: T } | null {
  const state = history.past.at(-1);
  if (state === undefined) return null;
  return { state, history: { past: history.past.slice(0, -1), future: [present, ...history.future], lastKey: null, lastAt: 0 } };
}

export function redoHistory<T>(history: History<T>, present: T): { history: History<T>; state: T } | null {
  const [state, ...future] = history.future;
  if (state === undefined) return null;
  return { state, history: { past: [...history.past, present], future, lastKey: null, lastAt: 0 } };
}
