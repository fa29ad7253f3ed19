import { describe, expect, it } from "vitest";
import { createTimeline } from "./timeline";
import type { ChatMessage } from "./types";

const message = (seq: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${seq}`,
  seq,
  role: "BOT",
  text: `message ${seq}`,
  clientMessageId: null,
  nodeId: null,
  quickReplies: [],
  createdAt: "2026-11-25T10:00:00.000Z",
  ...extra,
});

describe("timeline", () => {
  it("keeps each seq once, in order, and resumes after the last contiguous seq", () => {
    const timeline = createTimeline();
    expect(timeline.add(message(1))).toBe(true);
    expect(timeline.add(message(3))).toBe(true);
    expect(timeline.resumeSeq).toBe(1);
    expect(timeline.add(message(1))).toBe(false);
    expect(timeline.add(message(2, { clientMessageId: "c2", role: "VISITOR" }))).toBe(true);
    expect(timeline.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(timeline.resumeSeq).toBe(3);
    expect(timeline.hasClientMessageId("c2")).toBe(true);
  });

  it("treats history older than what init returned as seen", () => {
    const timeline = createTimeline();
    timeline.reset([message(199), message(200)], 200);
    expect(timeline.resumeSeq).toBe(200);
    expect(timeline.add(message(5))).toBe(false);
  });
});
