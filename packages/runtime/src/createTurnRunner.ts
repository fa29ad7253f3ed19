import { randomUUID } from "node:crypto";
import type pg from "pg";
import { runFlowTurn, type FlowEvent, type FlowServices, type FlowTurnResult, type FlowVariables } from "@chatwright/flow";
import { collectTurnOutputs, type DraftReply } from "./collectTurnOutputs";
import { createMachineCache } from "./machineCache";
import type { ConversationPublisher, ConversationStatus, InboxEvent, StoredMessage } from "./outbound";
import { loadFlowVersionMachine } from "./queries/conversations";
import type { NewConversationEvent } from "./queries/events";
import { storedMessageOf, type NewMessage } from "./queries/messages";
import {
  beginAndLockLease,
  findNextAwaiting,
  finishTurnAndCommit,
  renewLease,
  takeOverExpiredTurns,
  type ConversationRow,
  type Lease,
  type MachineState,
} from "./queries/turn";
import { toStorableText } from "./storableText";
import { withSelfCommittingTransaction } from "./withTransaction";

/** What a turn answers: the conversation's first turn, a visitor message, or a person giving the conversation back. */
export type TurnWork =
  | { kind: "greeting"; variables: FlowVariables }
  | { kind: "message"; message: StoredMessage }
  | { kind: "release"; outcome: "returned" | "resolved"; agentUserId: string | null };

/** The conversation as the turn loop carries it from one turn to the next. */
export type TurnState = Pick<ConversationRow, "id" | "workspaceId" | "botId" | "flowVersionId" | "status" | "snapshot">;

/** One finished turn: its work and what the bot said. */
export interface FinishedTurn {
  work: TurnWork;
  replies: StoredMessage[];
  status: ConversationStatus;
}

export interface TurnRunnerOptions {
  pool: pg.Pool;
  publisher: ConversationPublisher;
  servicesFor(conversation: { workspaceId: string; botId: string; conversationId: string }): FlowServices;
  isAgentOnline?: ((workspaceId: string) => boolean | Promise<boolean>) | undefined;
  onTurnError?: ((details: { conversationId: string; workspaceId: string; code: string; nodeId: string | null; message: string }) => void) | undefined;
  now: () => Date;
  maxSteps: number;
  /** How long a turn's process may go without renewing its lease before another process takes the turn over. */
  leaseMs: number;
  /** Runs of one turn (the first and the take-overs) before it is given up with an apology. */
  maxAttempts: number;
  onTurnFinished?: ((turn: FinishedTurnReport) => void) | undefined;
}

/** What `onTurnFinished` hears after each turn's finish (metrics): how long it took from run to commit, and how it ended. */
export interface FinishedTurnReport {
  conversationId: string;
  workspaceId: string;
  kind: TurnWork["kind"] | "takeover";
  durationMs: number;
  /** `leaseLost`: another process had taken the turn over, nothing was stored. */
  outcome: "answered" | "handoff" | "ended" | "error" | "abandoned" | "leaseLost";
}

const STATUS_OF: Record<FlowTurnResult["status"], ConversationStatus> = {
  waiting: "BOT",
  handoff: "WAITING_AGENT",
  ended: "CLOSED",
  error: "BOT",
};

/** What the visitor reads when a turn failed every time it was tried (its process died each time). */
export const TURN_ABANDONED_REPLY = "Sorry, something went wrong on our side and I could not answer that. Please try again, or ask for a person.";

/** A turn's outcome before it is stored: replies without sequence numbers, events, the machine's new state (null: unchanged). */
interface TurnOutcome {
  replies: DraftReply[];
  events: NewConversationEvent[];
  state: MachineState | null;
  inReplyToId: string | null;
}

/**
 * The turn loop (ARCHITECTURE.md, "The turn"). Whoever holds a conversation's lease runs its
 * turns one after another: the machine runs with no transaction and no pooled
 * connection held (services make their own short reads), then a short
 * transaction stores the turn if the lease is still this turn's. Visitor
 * messages accepted meanwhile are answered next, in order, by the same loop.
 */
export function createTurnRunner(options: TurnRunnerOptions) {
  const { pool, publisher, now } = options;
  const machineFor = createMachineCache<pg.Pool>({ load: loadFlowVersionMachine });

  async function runMachine(state: TurnState, work: TurnWork): Promise<TurnOutcome> {
    const at = now();
    const inReplyToId = work.kind === "message" ? work.message.id : null;
    const extraEvents: NewConversationEvent[] =
      work.kind === "release"
        ? [
            {
              workspaceId: state.workspaceId,
              conversationId: state.id,
              type: work.outcome === "returned" ? "agentReturned" : "agentResolved",
              nodeId: null,
              data: { agentUserId: work.agentUserId },
              createdAt: at,
            },
          ]
        : [];
    // A message accepted while a person has the conversation is stored and shown to them only.
    if (work.kind === "message" && state.status !== "BOT") return { replies: [], events: [], state: null, inReplyToId };
    const machine = await machineFor(pool, state.flowVersionId);
    const botServices = options.servicesFor({ workspaceId: state.workspaceId, botId: state.botId, conversationId: state.id });
    const isAgentOnline = options.isAgentOnline;
    const event: FlowEvent | undefined =
      work.kind === "message"
        ? { type: "VISITOR_MESSAGE", text: work.message.text }
        : work.kind === "release"
          ? { type: work.outcome === "returned" ? "AGENT_RETURN" : "AGENT_RESOLVE" }
          : undefined;
    const result = await runFlowTurn({
      machine,
      snapshot: state.snapshot ?? undefined,
      event,
      maxSteps: options.maxSteps,
      // Presence comes from the runtime (the handoff node asks it lazily, through the flow).
      services: isAgentOnline ? { ...botServices, isAgentOnline: async () => await isAgentOnline(state.workspaceId) } : botServices,
      ...(work.kind === "greeting" ? { variables: work.variables } : {}),
      onOutput: (output) => {
        if (output.type === "token") publisher.publish({ type: "token", conversationId: state.id, nodeId: output.nodeId, text: output.text });
      },
    });
    const collected = collectTurnOutputs(result.outputs, { conversation: state, activeNodeId: result.activeNodeId, inReplyToId, at });
    const events = [...extraEvents, ...collected.events];
    if (result.error) {
      events.push({ workspaceId: state.workspaceId, conversationId: state.id, type: "turnError", nodeId: result.error.nodeId, data: result.error, createdAt: at });
      options.onTurnError?.({ conversationId: state.id, workspaceId: state.workspaceId, ...result.error });
    }
    return {
      replies: collected.replies.map((reply) => ({ ...reply, text: toStorableText(reply.text) })),
      events,
      state: {
        snapshot: result.snapshot,
        status: STATUS_OF[result.status],
        activeNodeId: result.activeNodeId,
        variables: result.variables,
        clearAssignee: work.kind === "release",
      },
      inReplyToId,
    };
  }

  /** A turn tried too often (each try killed its process): an apology instead of another try. */
  function abandon(state: TurnState, work: TurnWork | null, attempts: number): TurnOutcome {
    const inReplyToId = work?.kind === "message" ? work.message.id : null;
    const message = `The turn was given up after ${attempts} attempts (its process stopped each time).`;
    options.onTurnError?.({ conversationId: state.id, workspaceId: state.workspaceId, code: "turnAbandoned", nodeId: null, message });
    return {
      replies: work ? [{ text: TURN_ABANDONED_REPLY, nodeId: null, quickReplies: [] }] : [],
      events: [{ workspaceId: state.workspaceId, conversationId: state.id, type: "turnError", nodeId: null, data: { code: "turnAbandoned", message }, createdAt: now() }],
      state: null,
      inReplyToId,
    };
  }

  /** Stores a turn if the lease is still this turn's; null when it is not (nothing is stored). */
  async function finish(lease: Lease, state: TurnState, work: TurnWork | null, outcome: TurnOutcome) {
    return withSelfCommittingTransaction(pool, async (client) => {
      const locked = await beginAndLockLease(client, lease);
      if (!locked) {
        await client.query("ROLLBACK");
        return null;
      }
      const at = now();
      let seq = locked.lastSeq;
      const messages: NewMessage[] = outcome.replies.map((reply, index) => ({
        id: randomUUID(),
        workspaceId: state.workspaceId,
        conversationId: state.id,
        seq: ++seq,
        role: "BOT",
        text: reply.text,
        clientMessageId: null,
        inReplyToId: outcome.inReplyToId,
        nodeId: reply.nodeId,
        quickReplies: reply.quickReplies,
        ...(reply.sources ? { sources: reply.sources } : {}),
        createdAt: new Date(at.getTime() + index),
      }));
      const { next } = await finishTurnAndCommit(client, {
        lease,
        messages,
        events: outcome.events,
        answeredMessageId: work?.kind === "message" ? work.message.id : null,
        state: outcome.state,
        lastSeq: seq,
        now: at,
        leaseUntil: new Date(at.getTime() + options.leaseMs),
      });
      return { messages, status: outcome.state?.status ?? locked.status, next };
    });
  }

  function publishTurn(state: TurnState, messages: readonly NewMessage[], status: ConversationStatus, isStatusNews: boolean) {
    const conversationId = state.id;
    for (const message of messages) publisher.publish({ type: "message", conversationId, message: storedMessageOf(message) });
    if (isStatusNews) publisher.publish({ type: "status", conversationId, status });
    if (isStatusNews || status === "WAITING_AGENT" || status === "AGENT") {
      const reason: InboxEvent["reason"] = isStatusNews ? (status === "WAITING_AGENT" ? "handoff" : "released") : "message";
      if (isStatusNews || messages.length > 0) publisher.publishInbox({ type: "inbox", workspaceId: state.workspaceId, conversationId, status, reason });
    }
  }

  /** Renews the lease while turns run, so a long AI reply is not mistaken for a dead process. */
  function keepLease(lease: Lease): () => void {
    const timer = setInterval(() => {
      renewLease(pool, lease, new Date(now().getTime() + options.leaseMs)).catch(() => undefined);
    }, Math.max(50, Math.floor(options.leaseMs / 3)));
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * Runs `first` and then every visitor message that waits, under the lease,
   * until none waits (the lease is then released) or the lease is lost (a
   * process that took the turn over answers the rest). `attempts`: take-overs
   * of the first turn so far.
   */
  async function drain(lease: Lease, initial: TurnState, first: TurnWork | null, attempts = 0): Promise<{ finished: FinishedTurn[]; isLeaseLost: boolean }> {
    const finished: FinishedTurn[] = [];
    const stopRenewing = keepLease(lease);
    let state = initial;
    let work = first;
    let isFirst = true;
    try {
      for (;;) {
        const started = performance.now();
        const isAbandoned = isFirst && attempts >= options.maxAttempts;
        const outcome =
          isAbandoned
            ? abandon(state, work, attempts + 1)
            : work
              ? await runMachine(state, work)
              : { replies: [], events: [], state: null, inReplyToId: null };
        isFirst = false;
        const stored = await finish(lease, state, work, outcome);
        options.onTurnFinished?.({
          conversationId: state.id,
          workspaceId: state.workspaceId,
          kind: work?.kind ?? "takeover",
          durationMs: performance.now() - started,
          outcome: !stored ? "leaseLost" : isAbandoned ? "abandoned" : outcome.events.some((event) => event.type === "turnError") ? "error" : stored.status === "WAITING_AGENT" ? "handoff" : stored.status === "CLOSED" ? "ended" : "answered",
        });
        if (!stored) return { finished, isLeaseLost: true };
        const isStatusNews = outcome.state !== null && (outcome.state.status !== state.status || work?.kind === "release");
        if (work && (outcome.state !== null || stored.messages.length > 0)) publishTurn(state, stored.messages, stored.status, isStatusNews);
        if (work) finished.push({ work, replies: stored.messages.map(storedMessageOf), status: stored.status });
        state = { ...state, status: stored.status, snapshot: outcome.state ? outcome.state.snapshot : state.snapshot };
        if (!stored.next) return { finished, isLeaseLost: false };
        work = { kind: "message", message: stored.next };
      }
    } finally {
      stopRenewing();
    }
  }

  /** The first work of a turn taken over from a process that died: its greeting, else the oldest waiting message. */
  async function workAfterTakeover(row: ConversationRow): Promise<TurnWork | null> {
    if (row.snapshot === null && row.status === "BOT") return { kind: "greeting", variables: (row.variables ?? {}) as FlowVariables };
    const message = await findNextAwaiting(pool, row.id);
    return message ? { kind: "message", message } : null;
  }

  return {
    drain,
    workAfterTakeover,

    /**
     * Takes over every turn whose lease ran out (its process died) and
     * finishes it here; the visitors get the answers over their live
     * subscriptions. `count` is known once the turns are taken; `finished`
     * settles when they are all stored.
     */
    async takeOverExpiredTurns(limit = 50): Promise<{ count: number; finished: Promise<void> }> {
      const at = now();
      const rows = await takeOverExpiredTurns(pool, { now: at, leaseUntil: new Date(at.getTime() + options.leaseMs), limit });
      const finished = Promise.all(
        rows.map(async (row) => {
          if (!row.turnId) return;
          const work = await workAfterTakeover(row);
          await drain({ conversationId: row.id, turnId: row.turnId }, stateOf(row), work, row.turnAttempts);
        }),
      ).then(() => undefined);
      return { count: rows.length, finished };
    },
  };
}

export function stateOf(row: ConversationRow): TurnState {
  return { id: row.id, workspaceId: row.workspaceId, botId: row.botId, flowVersionId: row.flowVersionId, status: row.status, snapshot: row.snapshot };
}

export type TurnRunner = ReturnType<typeof createTurnRunner>;
