import { describe, expect, it } from "vitest";
import { createHistory, recordHistory, redoHistory, undoHistory } from "./history";

describe("history", () => {
  it("undoes and redoes in order, and a new change clears the redo stack", () => {
    let history = createHistory<number>();
    history = recordHistory(history, 0, { now: 0 });
    history = recordHistory(history, 1, { now: 10 });
    const undone = undoHistory(history, 2);
    expect(undone?.state).toBe(1);
    const undoneTwice = undone && undoHistory(undone.history, undone.state);
    expect(undoneTwice?.state).toBe(0);
    const redone = undoneTwice && redoHistory(undoneTwice.history, undoneTwice.state);
    expect(redone?.state).toBe(1);
    const branched = redone && recordHistory(redone.history, 1, { now: 20 });
    expect(branched?.future).toEqual([]);
    expect(undoHistory(createHistory<number>(), 5)).toBeNull();
    expect(redoHistory(createHistory<number>(), 5)).toBeNull();
  });

  it("merges changes with the same key within a second into one step", () => {
    let history = createHistory<string>();
    history = recordHistory(history, "", { key: "text:a", now: 0 });
    history = recordHistory(history, "h", { key: "text:a", now: 300 });
    history = recordHistory(history, "he", { key: "text:a", now: 600 });
    expect(history.past).toEqual([""]);
    history = recordHistory(history, "hel", { key: "text:a", now: 2000 });
    history = recordHistory(history, "hell", { key: "text:b", now: 2100 });
    expect(history.past).toEqual(["", "hel", "hell"]);
  });

  it("keeps at most `limit` steps", () => {
    let history = createHistory<number>();
    for (let i = 0; i < 10; i++) history = recordHistory(history, i, { now: i * 5000, limit: 3 });
    expect(history.past).toEqual([7, 8, 9]);
  });
});
