import { randomUUID } from "node:crypto";
import type pg from "pg";
import { isOverMessageQuota, QUOTA_EXCEEDED_REPLY } from "@chatwright/billing";
import { usageMonthOf } from "@chatwright/billing/usage";
import { runFlowTurn, type FlowEvent, type FlowOutput, type FlowServices, type FlowTurnResult, type FlowVariables } from "@chatwright/flow";
import { RuntimeError } from "./errors";
import { createMachineCache } from "./machineCache";
import type { ConversationPublisher, ConversationStatus, InboxEvent, OutboundEvent, StoredMessage } from "./outbound";
import { loadFlowVersionMachine, type ConversationChannel, type LockedConversation } from "./queries/conversations";
import { insertConversationEvents, type NewConversationEvent } from "./queries/events";
import { assignTo, claimIfUnclaimed, findHandoffState, nextNoteSeq } from "./queries/handoff";
import { findReplies, storedMessageOf, type NewMessage } from "./queries/messages";
import { beginAndInsertConversation, beginAndLockConversation, saveTurnAndCommit, type VisitorMessageCount } from "./queries/turn";
import { withSelfCommittingTransaction, withTransaction } from "./withTransaction";

export const MAX_MESSAGE_LENGTH = 4000;

export interface RuntimeOptions {
  pool: pg.Pool;
  publisher: ConversationPublisher;
  /** Services for one conversation's turn (bot-specific classifier, knowledge, LLM...). */
  /** `connection` is the turn's own, inside its transaction: read through it (the embedded database serves one transaction at a time). */
  servicesFor(conversation: { workspaceId: string; botId: string; conversationId: string; connection: pg.ClientBase }): FlowServices;
  now?: () => Date;
  maxStepsPerTurn?: number;
  onTurnError?: (details: { conversationId: string; code: string; nodeId: string | null; message: string }) => void;
  /**
   * Whether a person of the workspace is online to take a handoff. Asked only
   * when a turn enters a handoff node within its business hours; when nobody
   * is, the node sends its offline message and follows its `offline` output
   * (or waits for a person). Unset: the turn's services answer
   * (`FlowServices.isAgentOnline`).
   */
  isAgentOnline?: (workspaceId: string) => boolean | Promise<boolean>;
  /**
   * Counts each accepted visitor message in the workspace's month (default
   * true): the plan and the month's count are read with the conversation
   * lock, and the increment is written with the turn, in the same
   * transaction (a retried clientMessageId, found first, is never counted
   * twice; a failed turn counts nothing). A message past the plan's quota
   * gets a fixed "unavailable" reply and nothing else runs. Two conversations
   * of one workspace can read the same count at once, so a quota may be
   * passed by a message or two; no turn waits for another conversation's.
   * false: nothing is counted or limited (benchmarks of the bare engine).
   */
  isMeteringVisitorMessages?: boolean;
}

/** What a refused claim reports: who has the conversation. */
export interface ClaimResult {
  conversationId: string;
  status: ConversationStatus;
  assignedAgentId: string;
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
  const isMetering = options.isMeteringVisitorMessages ?? true;
  // Loaded through the turn's own connection: the embedded database serves one
  // session at a time, so a second connection would wait for this transaction.
  const machineFor = createMachineCache<pg.ClientBase>({ load: loadFlowVersionMachine });

  /** Runs the machine and stores the turn (messages, events, conversation row), committing the transaction. */
  async function runAndPersist(
    client: pg.ClientBase,
    conversation: Pick<LockedConversation, "id" | "workspaceId" | "botId" | "flowVersionId" | "snapshot" | "lastSeq">,
    turn: {
      event: FlowEvent | undefined;
      inReplyToId: string | null;
      pending: NewMessage[];
      variables?: FlowVariables;
      extraEvents?: NewConversationEvent[];
      clearAssignee?: boolean;
      countVisitorMessage?: VisitorMessageCount | null;
    },
  ): Promise<{ status: ConversationStatus; replies: StoredMessage[]; pending: NewMessage[] }> {
    const machine = await machineFor(client, conversation.flowVersionId);
    const botServices = options.servicesFor({ workspaceId: conversation.workspaceId, botId: conversation.botId, conversationId: conversation.id, connection: client });
    const isAgentOnline = options.isAgentOnline;
    const result = await runFlowTurn({
      machine,
      snapshot: conversation.snapshot ?? undefined,
      event: turn.event,
      maxSteps,
      // Presence comes from the runtime (the handoff node asks it lazily, through the flow).
      services: isAgentOnline ? { ...botServices, isAgentOnline: async () => await isAgentOnline(conversation.workspaceId) } : botServices,
      variables: turn.variables,
      onOutput: (output) => {
        if (output.type === "token") options.publisher.publish({ type: "token", conversationId: conversation.id, nodeId: output.nodeId, text: output.text });
      },
    });
    const at = now();
    let seq = conversation.lastSeq + turn.pending.length;
    const replies: NewMessage[] = [];
    const events: NewConversationEvent[] = [...(turn.extraEvents ?? [])];
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
    const path: TurnPath = { entered: [], left: [], results: [], ...(turn.inReplyToId ? { message: turn.inReplyToId } : {}) };
    for (const output of result.outputs) collectOutput(output, { addReply, events, path, conversation, at });
    // One row for the nodes the turn passed through (analytics), not one per node: it is most of a turn's writes.
    if (path.entered.length > 0 || path.left.length > 0) {
      events.push({ workspaceId: conversation.workspaceId, conversationId: conversation.id, type: "path", nodeId: result.activeNodeId, data: path, createdAt: at });
    }
    if (result.error) {
      events.push({ workspaceId: conversation.workspaceId, conversationId: conversation.id, type: "turnError", nodeId: result.error.nodeId, data: result.error, createdAt: at });
      options.onTurnError?.({ conversationId: conversation.id, ...result.error });
    }
    const status = STATUS_OF[result.status];
    const pending = [...turn.pending, ...replies];
    await saveTurnAndCommit(client, {
      messages: pending,
      events,
      update: { kind: "state", id: conversation.id, snapshot: result.snapshot, status, activeNodeId: result.activeNodeId, variables: result.variables, lastSeq: seq, now: at, clearAssignee: turn.clearAssignee ?? false },
      countVisitorMessage: turn.countVisitorMessage ?? null,
    });
    return { status, replies: replies.map(storedMessageOf), pending };
  }

  /**
   * After the commit: the conversation's subscribers get the messages and the
   * status change; the workspace's inbox hears about anything a person cares
   * for (a handoff, a message while a person has it, a release).
   */
  function publishAfterCommit(
    conversation: { id: string; workspaceId: string },
    messages: NewMessage[],
    statusChange: ConversationStatus | null,
    currentStatus: ConversationStatus,
  ) {
    const conversationId = conversation.id;
    for (const message of messages) options.publisher.publish({ type: "message", conversationId, message: storedMessageOf(message) });
    if (statusChange) options.publisher.publish({ type: "status", conversationId, status: statusChange } satisfies OutboundEvent);
    if (statusChange || currentStatus === "WAITING_AGENT" || currentStatus === "AGENT") {
      const reason: InboxEvent["reason"] = statusChange === "WAITING_AGENT" ? "handoff" : statusChange ? "released" : "message";
      publishInbox(conversation, currentStatus, reason);
    }
  }

  function publishInbox(conversation: { id: string; workspaceId: string }, status: ConversationStatus, reason: InboxEvent["reason"]) {
    options.publisher.publishInbox({ type: "inbox", workspaceId: conversation.workspaceId, conversationId: conversation.id, status, reason });
  }

  /** Locks the conversation of this workspace for a person's action; the caller commits. */
  async function lockForAgent(client: pg.ClientBase, input: { conversationId: string; workspaceId: string; clientMessageId: string | null }) {
    const { conversation, seen } = await beginAndLockConversation(client, input.conversationId, input.clientMessageId);
    if (!conversation || conversation.workspaceId !== input.workspaceId) throw new RuntimeError("NOT_FOUND", "This conversation does not exist.");
    return { conversation, seen };
  }

  function checkText(raw: string): string {
    const text = raw.trim();
    if (text.length === 0) throw new RuntimeError("INVALID_MESSAGE", "The message is empty.");
    if (text.length > MAX_MESSAGE_LENGTH) throw new RuntimeError("INVALID_MESSAGE", `Messages are limited to ${MAX_MESSAGE_LENGTH} characters.`);
    return text;
  }

  return {
    /** Creates a conversation pinned to a flow version and runs its first turn (the greeting). */
    async startConversation(input: { workspaceId: string; botId: string; flowVersionId: string; visitorId: string; variables?: FlowVariables; channel?: ConversationChannel }): Promise<TurnResult> {
      const conversationId = randomUUID();
      const outcome = await withSelfCommittingTransaction(options.pool, async (client) => {
        await beginAndInsertConversation(client, {
          id: conversationId,
          workspaceId: input.workspaceId,
          botId: input.botId,
          flowVersionId: input.flowVersionId,
          visitorId: input.visitorId,
          channel: input.channel ?? "widget",
          now: now(),
        });
        return runAndPersist(
          client,
          { id: conversationId, workspaceId: input.workspaceId, botId: input.botId, flowVersionId: input.flowVersionId, snapshot: null, lastSeq: 0 },
          { event: undefined, inReplyToId: null, pending: [], variables: input.variables },
        );
      });
      publishAfterCommit({ id: conversationId, workspaceId: input.workspaceId }, outcome.pending, outcome.status === "BOT" ? null : outcome.status, outcome.status);
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
        const at = now();
        const usageMonth = isMetering ? usageMonthOf(at) : undefined;
        const { conversation, seen, usage } = await beginAndLockConversation(client, input.conversationId, input.clientMessageId || null, { usageMonth });
        if (!conversation) throw new RuntimeError("NOT_FOUND", "This conversation does not exist.");
        if (seen) {
          const replies = await findReplies(client, conversation.id, seen.id);
          await client.query("COMMIT");
          return { kind: "duplicate" as const, status: conversation.status, visitorMessage: seen, replies, workspaceId: conversation.workspaceId };
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
          createdAt: at,
        };
        const countVisitorMessage = usageMonth === undefined ? null : { workspaceId: conversation.workspaceId, month: usageMonth, at };
        if (conversation.status === "BOT" && usage !== null && isOverMessageQuota(usage.plan, usage.visitorMessages + 1)) {
          // Over the plan's monthly quota: a polite fixed reply, no flow (so no LLM call); the machine stays where it was.
          const reply: NewMessage = { ...visitorMessage, id: randomUUID(), seq: visitorMessage.seq + 1, role: "BOT", text: QUOTA_EXCEEDED_REPLY, clientMessageId: null, inReplyToId: visitorMessage.id };
          await saveTurnAndCommit(client, {
            messages: [visitorMessage, reply],
            events: [{ workspaceId: conversation.workspaceId, conversationId: conversation.id, type: "quotaExceeded", nodeId: null, data: {}, createdAt: visitorMessage.createdAt }],
            update: { kind: "seq", id: conversation.id, lastSeq: reply.seq, now: visitorMessage.createdAt },
            countVisitorMessage,
          });
          return { kind: "stored" as const, status: conversation.status, pending: [visitorMessage, reply], replies: [storedMessageOf(reply)], workspaceId: conversation.workspaceId };
        }
        if (conversation.status !== "BOT") {
          await saveTurnAndCommit(client, {
            messages: [visitorMessage],
            events: [],
            update: { kind: "seq", id: conversation.id, lastSeq: visitorMessage.seq, now: visitorMessage.createdAt },
            countVisitorMessage,
          });
          return { kind: "stored" as const, status: conversation.status, pending: [visitorMessage], replies: [], workspaceId: conversation.workspaceId };
        }
        const turn = await runAndPersist(client, conversation, {
          event: { type: "VISITOR_MESSAGE", text },
          inReplyToId: visitorMessage.id,
          pending: [visitorMessage],
          countVisitorMessage,
        });
        return { kind: "ran" as const, status: turn.status, pending: turn.pending, replies: turn.replies, previousStatus: conversation.status, workspaceId: conversation.workspaceId };
      });
      if (outcome.kind === "duplicate") {
        return { conversationId: input.conversationId, status: outcome.status, visitorMessage: outcome.visitorMessage, replies: outcome.replies, isDuplicate: true };
      }
      const [visitor] = outcome.pending;
      publishAfterCommit(
        { id: input.conversationId, workspaceId: outcome.workspaceId },
        outcome.pending,
        outcome.kind === "ran" && outcome.status !== outcome.previousStatus ? outcome.status : null,
        outcome.status,
      );
      return {
        conversationId: input.conversationId,
        status: outcome.status,
        visitorMessage: visitor ? storedMessageOf(visitor) : null,
        replies: outcome.replies,
        isDuplicate: false,
      };
    },

    /** An agent gives the conversation back to the bot (`returned`) or closes the matter (`resolved`). */
    async releaseFromAgent(input: { conversationId: string; workspaceId: string; outcome: "returned" | "resolved"; agentUserId?: string }): Promise<TurnResult> {
      const outcome = await withSelfCommittingTransaction(options.pool, async (client) => {
        const { conversation } = await lockForAgent(client, { ...input, clientMessageId: null });
        if (conversation.status !== "WAITING_AGENT" && conversation.status !== "AGENT") {
          throw new RuntimeError("NOT_IN_HANDOFF", "This conversation is not with a person right now.");
        }
        return runAndPersist(client, conversation, {
          event: { type: input.outcome === "returned" ? "AGENT_RETURN" : "AGENT_RESOLVE" },
          inReplyToId: null,
          pending: [],
          clearAssignee: true,
          extraEvents: [
            {
              workspaceId: conversation.workspaceId,
              conversationId: conversation.id,
              type: input.outcome === "returned" ? "agentReturned" : "agentResolved",
              nodeId: null,
              data: { agentUserId: input.agentUserId ?? null },
              createdAt: now(),
            },
          ],
        });
      });
      publishAfterCommit({ id: input.conversationId, workspaceId: input.workspaceId }, outcome.pending, outcome.status, outcome.status);
      return { conversationId: input.conversationId, status: outcome.status, visitorMessage: null, replies: outcome.replies, isDuplicate: false };
    },

    /**
     * Takes an unclaimed conversation for one agent. Two agents at once:
     * exactly one wins, the other gets ALREADY_CLAIMED naming the winner.
     * Claiming one's own conversation again is a no-op.
     */
    async claimConversation(input: { conversationId: string; workspaceId: string; agentUserId: string }): Promise<ClaimResult> {
      const at = now();
      const claimed = await withTransaction(options.pool, async (client) => {
        const row = await claimIfUnclaimed(client, { ...input, now: at });
        if (row) {
          await insertConversationEvents(client, [
            { workspaceId: input.workspaceId, conversationId: input.conversationId, type: "agentClaimed", nodeId: null, data: { agentUserId: input.agentUserId }, createdAt: at },
          ]);
        }
        return row;
      });
      if (claimed) {
        options.publisher.publish({ type: "status", conversationId: input.conversationId, status: "AGENT" });
        publishInbox({ id: input.conversationId, workspaceId: input.workspaceId }, "AGENT", "claimed");
        return { conversationId: input.conversationId, status: "AGENT", assignedAgentId: input.agentUserId };
      }
      const state = await findHandoffState(options.pool, input);
      if (!state) throw new RuntimeError("NOT_FOUND", "This conversation does not exist.");
      if (state.assignedAgentId === input.agentUserId && state.status === "AGENT") {
        return { conversationId: input.conversationId, status: "AGENT", assignedAgentId: input.agentUserId };
      }
      if (state.status !== "WAITING_AGENT" && state.status !== "AGENT") throw new RuntimeError("NOT_IN_HANDOFF", "This conversation is not waiting for a person.");
      throw new RuntimeError("ALREADY_CLAIMED", `Already claimed by ${state.assigneeName ?? "another agent"}.`);
    },

    /** Gives the conversation to a member (the caller checks membership), whoever had it. */
    async assignConversation(input: { conversationId: string; workspaceId: string; assigneeUserId: string; byUserId: string }): Promise<ClaimResult> {
      const at = now();
      const assigned = await withTransaction(options.pool, async (client) => {
        const row = await assignTo(client, { ...input, now: at });
        if (row) {
          await insertConversationEvents(client, [
            {
              workspaceId: input.workspaceId,
              conversationId: input.conversationId,
              type: "agentAssigned",
              nodeId: null,
              data: { agentUserId: input.assigneeUserId, byUserId: input.byUserId },
              createdAt: at,
            },
          ]);
        }
        return row;
      });
      if (!assigned) {
        const state = await findHandoffState(options.pool, input);
        if (!state) throw new RuntimeError("NOT_FOUND", "This conversation does not exist.");
        throw new RuntimeError("NOT_IN_HANDOFF", "This conversation is not with a person right now.");
      }
      options.publisher.publish({ type: "status", conversationId: input.conversationId, status: "AGENT" });
      publishInbox({ id: input.conversationId, workspaceId: input.workspaceId }, "AGENT", "assigned");
      return { conversationId: input.conversationId, status: "AGENT", assignedAgentId: input.assigneeUserId };
    },

    /**
     * The assigned agent's reply: stored as an AGENT message in the visitor's
     * sequence and published to the conversation (the widget shows it live).
     * Idempotent on clientMessageId.
     */
    async addAgentMessage(input: { conversationId: string; workspaceId: string; agentUserId: string; text: string; clientMessageId: string | null }): Promise<StoredMessage> {
      const text = checkText(input.text);
      const outcome = await withSelfCommittingTransaction(options.pool, async (client) => {
        const { conversation, seen } = await lockForAgent(client, input);
        if (seen) {
          await client.query("COMMIT");
          return { message: seen, pending: null, status: conversation.status };
        }
        if (conversation.status !== "AGENT" || conversation.assignedAgentId !== input.agentUserId) {
          throw new RuntimeError("NOT_ASSIGNED", "Claim this conversation before replying.");
        }
        const message: NewMessage = {
          id: randomUUID(),
          workspaceId: conversation.workspaceId,
          conversationId: conversation.id,
          seq: conversation.lastSeq + 1,
          role: "AGENT",
          text,
          clientMessageId: input.clientMessageId,
          inReplyToId: null,
          nodeId: null,
          quickReplies: [],
          createdAt: now(),
          metadata: { authorId: input.agentUserId },
        };
        await saveTurnAndCommit(client, { messages: [message], events: [], update: { kind: "seq", id: conversation.id, lastSeq: message.seq, now: message.createdAt } });
        return { message: storedMessageOf(message), pending: message, status: conversation.status };
      });
      if (outcome.pending) publishAfterCommit({ id: input.conversationId, workspaceId: input.workspaceId }, [outcome.pending], null, outcome.status);
      return outcome.message;
    },

    /**
     * A note for the team, never for the visitor: role SYSTEM with
     * `metadata.internal`, a negative seq outside the visitor's sequence, and
     * published on the workspace's inbox topic only.
     */
    async addInternalNote(input: { conversationId: string; workspaceId: string; authorUserId: string; text: string }): Promise<StoredMessage> {
      const text = checkText(input.text);
      const outcome = await withSelfCommittingTransaction(options.pool, async (client) => {
        const { conversation } = await lockForAgent(client, { ...input, clientMessageId: null });
        const note: NewMessage = {
          id: randomUUID(),
          workspaceId: conversation.workspaceId,
          conversationId: conversation.id,
          seq: await nextNoteSeq(client, conversation.id),
          role: "SYSTEM",
          text,
          clientMessageId: null,
          inReplyToId: null,
          nodeId: null,
          quickReplies: [],
          createdAt: now(),
          metadata: { internal: true, authorId: input.authorUserId },
        };
        await saveTurnAndCommit(client, { messages: [note], events: [], update: { kind: "seq", id: conversation.id, lastSeq: conversation.lastSeq, now: note.createdAt } });
        return { note, status: conversation.status };
      });
      publishInbox({ id: input.conversationId, workspaceId: input.workspaceId }, outcome.status, "note");
      return storedMessageOf(outcome.note);
    },
  };
}

/** A turn's `path` event (analytics): the nodes it passed through, which output each task node took, and the visitor message it answered. */
interface TurnPath {
  entered: string[];
  left: string[];
  /** [nodeId, handle] in order, e.g. ["faq-1", "notFound"] */
  results: [string, string][];
  message?: string;
}

function collectOutput(
  output: FlowOutput,
  sink: {
    addReply: (text: string, nodeId: string | null, quickReplies?: string[]) => void;
    events: NewConversationEvent[];
    path: TurnPath;
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
      // Offline, the message is the node's offline one: the visitor hears so now rather than waiting in silence.
      sink.addReply(output.message, output.nodeId);
      event("handoff", output.nodeId, output.isOffline ? { offline: true } : {});
      return;
    case "handoffOffline":
      event("handoffOffline", output.nodeId);
      return;
    case "ended":
      event("ended", output.nodeId);
      return;
    case "nodeEntered":
      sink.path.entered.push(output.nodeId);
      return;
    case "nodeLeft":
      sink.path.left.push(output.nodeId);
      return;
    case "nodeResult":
      sink.path.results.push([output.nodeId, output.handle]);
      return;
    case "token":
      return;
  }
}
