import { randomUUID } from "node:crypto";
import type pg from "pg";
import { runFlowTurn, type FlowEvent, type FlowOutput, type FlowServices, type FlowTurnResult, type FlowVariables } from "@chatwright/flow";
import { RuntimeError } from "./errors";
import { createMachineCache } from "./machineCache";
import type { ConversationPublisher, ConversationStatus, OutboundEvent, StoredMessage } from "./outbound";
import { loadFlowVersionMachine, type LockedConversation } from "./queries/conversations";
import type { NewConversationEvent } from "./queries/events";
import { findReplies, storedMessageOf, type NewMessage } from "./queries/messages";
import { beginAndInsertConversation, beginAndLockConversation, saveTurnAndCommit } from "./queries/turn";
import { withSelfCommittingTransaction } from "./withTransaction";

export const MAX_MESSAGE_LENGTH = 4000;

export interface RuntimeOptions {
  pool: pg.Pool;
  publisher: ConversationPublisher;
  /** Services for one conversation's turn (bot-specific classifier, knowledge, LLM...). */
  /** `connection` is the turn's own, inside its transaction: read through it (the embedded database serves one transaction at a time). */
  servicesFor(conversation: { workspaceId: string; botId: string; connection: pg.ClientBase }): FlowServices;
  now?: () => Date;
  maxStepsPerTurn?: number;
  onTurnError?: (details: { conversationId: string; code: string; nodeId: string | null; message: string }) => void;
}

export interface TurnResult {
  conversationId: string;
  status: ConversationStatus;
  /** The visitor's stored message (absent for starts and agent events). */
  visitorMessage: StoredMessage | null;
  /** Bot replies produced by this turn, in order. */
  replies: StoredMessage[];
  /** True when the clientMessageId was seen before: nothing ran, the stored reply is returned. */
  isDuplicate: boolean;
}

export type Runtime = ReturnType<typeof createRuntime>;

const STATUS_OF: Record<FlowTurnResult["status"], ConversationStatus> = {
  waiting: "BOT",
  handoff: "WAITING_AGENT",
  ended: "CLOSED",
  error: "BOT",
};

/**
 * The per-conversation turn loop (DESIGN.md §4): lock the conversation row,
 * restore the pinned version's machine from the snapshot, send the event, run
 * until the machine waits, persist snapshot + messages + events in the same
 * transaction, then publish. Tokens are published while the reply streams.
 * A turn takes two round trips to the database: BEGIN + lock (+ duplicate
 * check), then the writes + COMMIT (queries/turn.ts).
 */
export function createRuntime(options: RuntimeOptions) {
  const now = options.now ?? (() => new Date());
  const maxSteps = options.maxStepsPerTurn ?? 50;
  // Loaded through the turn's own connection: the embedded database serves one
  // session at a time, so a second connection would wait for this transaction.
  const machineFor = createMachineCache<pg.ClientBase>({ load: loadFlowVersionMachine });

  /** Runs the machine and stores the turn (messages, events, conversation row), committing the transaction. */
  async function runAndPersist(
    client: pg.ClientBase,
    conversation: Pick<LockedConversation, "id" | "workspaceId" | "botId" | "flowVersionId" | "snapshot" | "lastSeq">,
    turn: { event: FlowEvent | undefined; inReplyToId: string | null; pending: NewMessage[]; variables?: FlowVariables },
  ): Promise<{ status: ConversationStatus; replies: StoredMessage[]; pending: NewMessage[] }> {
    const machine = await machineFor(client, conversation.flowVersionId);
    const result = await runFlowTurn({
      machine,
      snapshot: conversation.snapshot ?? undefined,
      event: turn.event,
      maxSteps,
      services: options.servicesFor({ workspaceId: conversation.workspaceId, botId: conversation.botId, connection: client }),
      variables: turn.variables,
      onOutput: (output) => {
        if (output.type === "token") options.publisher.publish({ type: "token", conversationId: conversation.id, nodeId: output.nodeId, text: output.text });
      },
    });
    const at = now();
    let seq = conversation.lastSeq + turn.pending.length;
    const replies: NewMessage[] = [];
    const events: NewConversationEvent[] = [];
    const addReply = (text: string, nodeId: string | null, quickReplies: string[] = []) => {
      seq += 1;
      replies.push({
        id: randomUUID(),
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        seq,
        role: "BOT",
        text,
        clientMessageId: null,
        inReplyToId: turn.inReplyToId,
        nodeId,
        quickReplies,
        createdAt: new Date(at.getTime() + replies.length),
      });
    };
    for (const output of result.outputs) collectOutput(output, { addReply, events, conversation, at });
    if (result.error) {
      events.push({ workspaceId: conversation.workspaceId, conversationId: conversation.id, type: "turnError", nodeId: result.error.nodeId, data: result.error, createdAt: at });
      options.onTurnError?.({ conversationId: conversation.id, ...result.error });
    }
    const status = STATUS_OF[result.status];
    const pending = [...turn.pending, ...replies];
    await saveTurnAndCommit(client, {
      messages: pending,
      events,
      update: { kind: "state", id: conversation.id, snapshot: result.snapshot, status, activeNodeId: result.activeNodeId, variables: result.variables, lastSeq: seq, now: at },
    });
    return { status, replies: replies.map(storedMessageOf), pending };
  }

  function publishAfterCommit(conversationId: string, messages: NewMessage[], statusChange: ConversationStatus | null) {
    for (const message of messages) options.publisher.publish({ type: "message", conversationId, message: storedMessageOf(message) });
    if (statusChange) options.publisher.publish({ type: "status", conversationId, status: statusChange } satisfies OutboundEvent);
  }

  return {
    /** Creates a conversation pinned to a flow version and runs its first turn (the greeting). */
    async startConversation(input: { workspaceId: string; botId: string; flowVersionId: string; visitorId: string; variables?: FlowVariables }): Promise<TurnResult> {
      const conversationId = randomUUID();
      const outcome = await withSelfCommittingTransaction(options.pool, async (client) => {
        await beginAndInsertConversation(client, { id: conversationId, workspaceId: input.workspaceId, botId: input.botId, flowVersionId: input.flowVersionId, visitorId: input.visitorId, now: now() });
        return runAndPersist(
          client,
          { id: conversationId, workspaceId: input.workspaceId, botId: input.botId, flowVersionId: input.flowVersionId, snapshot: null, lastSeq: 0 },
          { event: undefined, inReplyToId: null, pending: [], variables: input.variables },
        );
      });
      publishAfterCommit(conversationId, outcome.pending, outcome.status === "BOT" ? null : outcome.status);
      return { conversationId, status: outcome.status, visitorMessage: null, replies: outcome.replies, isDuplicate: false };
    },

    /**
     * Stores the visitor's message and runs the bot's turn. The same
     * clientMessageId twice returns the first reply and runs nothing. While a
     * person has the conversation the message is stored and published only.
     */
    async sendVisitorMessage(input: { conversationId: string; text: string; clientMessageId: string | null }): Promise<TurnResult> {
      const text = input.text.trim();
      if (text.length === 0) throw new RuntimeError("INVALID_MESSAGE", "The message is empty.");
      if (text.length > MAX_MESSAGE_LENGTH) throw new RuntimeError("INVALID_MESSAGE", `Messages are limited to ${MAX_MESSAGE_LENGTH} characters.`);
      const outcome = await withSelfCommittingTransaction(options.pool, async (client) => {
        const { conversation, seen } = await beginAndLockConversation(client, input.conversationId, input.clientMessageId || null);
        if (!conversation) throw new RuntimeError("NOT_FOUND", "This conversation does not exist.");
        if (seen) {
          const replies = await findReplies(client, conversation.id, seen.id);
          await client.query("COMMIT");
          return { kind: "duplicate" as const, status: conversation.status, visitorMessage: seen, replies };
        }
        if (conversation.status === "CLOSED") throw new RuntimeError("CONVERSATION_CLOSED", "This conversation has ended. Start a new one.");
        const visitorMessage: NewMessage = {
          id: randomUUID(),
          workspaceId: conversation.workspaceId,
          conversationId: conversation.id,
          seq: conversation.lastSeq + 1,
          role: "VISITOR",
          text,
          clientMessageId: input.clientMessageId,
          inReplyToId: null,
          nodeId: null,
          quickReplies: [],
          createdAt: now(),
        };
        if (conversation.status !== "BOT") {
          await saveTurnAndCommit(client, {
            messages: [visitorMessage],
            events: [],
            update: { kind: "seq", id: conversation.id, lastSeq: visitorMessage.seq, now: visitorMessage.createdAt },
          });
          return { kind: "stored" as const, status: conversation.status, pending: [visitorMessage], replies: [] };
        }
        const turn = await runAndPersist(client, conversation, {
          event: { type: "VISITOR_MESSAGE", text },
          inReplyToId: visitorMessage.id,
          pending: [visitorMessage],
        });
        return { kind: "ran" as const, status: turn.status, pending: turn.pending, replies: turn.replies, previousStatus: conversation.status };
      });
      if (outcome.kind === "duplicate") {
        return { conversationId: input.conversationId, status: outcome.status, visitorMessage: outcome.visitorMessage, replies: outcome.replies, isDuplicate: true };
      }
      const [visitor] = outcome.pending;
      publishAfterCommit(input.conversationId, outcome.pending, outcome.kind === "ran" && outcome.status !== outcome.previousStatus ? outcome.status : null);
      return {
        conversationId: input.conversationId,
        status: outcome.status,
        visitorMessage: visitor ? storedMessageOf(visitor) : null,
        replies: outcome.replies,
        isDuplicate: false,
      };
    },

    /** An agent gives the conversation back to the bot (`returned`) or closes the matter (`resolved`). */
    async releaseFromAgent(input: { conversationId: string; workspaceId: string; outcome: "returned" | "resolved" }): Promise<TurnResult> {
      const outcome = await withSelfCommittingTransaction(options.pool, async (client) => {
        const { conversation } = await beginAndLockConversation(client, input.conversationId, null);
        if (!conversation || conversation.workspaceId !== input.workspaceId) throw new RuntimeError("NOT_FOUND", "This conversation does not exist.");
        if (conversation.status !== "WAITING_AGENT" && conversation.status !== "AGENT") {
          throw new RuntimeError("NOT_IN_HANDOFF", "This conversation is not with a person right now.");
        }
        return runAndPersist(client, conversation, {
          event: { type: input.outcome === "returned" ? "AGENT_RETURN" : "AGENT_RESOLVE" },
          inReplyToId: null,
          pending: [],
        });
      });
      publishAfterCommit(input.conversationId, outcome.pending, outcome.status);
      return { conversationId: input.conversationId, status: outcome.status, visitorMessage: null, replies: outcome.replies, isDuplicate: false };
    },
  };
}

function collectOutput(
  output: FlowOutput,
  sink: {
    addReply: (text: string, nodeId: string | null, quickReplies?: string[]) => void;
    events: NewConversationEvent[];
    conversation: { id: string; workspaceId: string };
    at: Date;
  },
) {
  const event = (type: string, nodeId: string | null, data: unknown = {}) =>
    sink.events.push({ workspaceId: sink.conversation.workspaceId, conversationId: sink.conversation.id, type, nodeId, data, createdAt: sink.at });
  switch (output.type) {
    case "message":
      sink.addReply(output.text, output.nodeId, output.quickReplies ?? []);
      return;
    case "handoff":
      if (output.message) sink.addReply(output.message, output.nodeId);
      event("handoff", output.nodeId);
      return;
    case "ended":
      event("ended", output.nodeId);
      return;
    case "nodeEntered":
      event("nodeEntered", output.nodeId);
      return;
    case "nodeLeft":
      event("nodeLeft", output.nodeId);
      return;
    case "token":
      return;
  }
}
