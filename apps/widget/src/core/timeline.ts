import type { ChatMessage } from "./types";

/**
 * The conversation's stored messages, each shown once whichever way it
 * arrived (send response, subscription, catch-up after a reconnect).
 * `resumeSeq` is the highest seq up to which nothing is missing: the id to
 * resume the subscription from, so a gap (e.g. an agent message that was
 * never received) is fetched again rather than skipped.
 */
export interface Timeline {
  readonly messages: readonly ChatMessage[];
  readonly resumeSeq: number;
  /** Returns false for a message already known. */
  add(message: ChatMessage): boolean;
  hasClientMessageId(clientMessageId: string): boolean;
  /** Everything up to `seenSeq` counts as received (history beyond what init returned). */
  reset(messages: readonly ChatMessage[], seenSeq: number): void;
}

export function createTimeline(): Timeline {
  let messages: ChatMessage[] = [];
  const seqs = new Set<number>();
  const clientIds = new Set<string>();
  let resumeSeq = 0;
  const advance = () => {
    while (seqs.has(resumeSeq + 1)) resumeSeq += 1;
  };
  const timeline: Timeline = {
    get messages() {
      return messages;
    },
    get resumeSeq() {
      return resumeSeq;
    },
    add(message) {
      if (seqs.has(message.seq) || message.seq <= 0) return false;
      seqs.add(message.seq);
      if (message.clientMessageId) clientIds.add(message.clientMessageId);
      const at = messages.findIndex((m) => m.seq > message.seq);
      messages = at === -1 ? [...messages, message] : [...messages.slice(0, at), message, ...messages.slice(at)];
      advance();
      return true;
    },
    hasClientMessageId: (id) => clientIds.has(id),
    reset(initial, seenSeq) {
      messages = [];
      seqs.clear();
      clientIds.clear();
      resumeSeq = 0;
      for (const message of initial) timeline.add(message);
      // Older messages than the ones returned were received in an earlier page view.
      for (let seq = 1; seq <= seenSeq; seq += 1) seqs.add(seq);
      advance();
    },
  };
  return timeline;
}
