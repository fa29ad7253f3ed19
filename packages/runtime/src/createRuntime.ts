import { randomUUID } from "node:crypto";
import type pg from "pg";
import { isOverMessageQuota, QUOTA_EXCEEDED_REPLY } from "@chatwright/billing";
import { usageMonthOf } from "@chatwright/billing/usage";
import type { FlowServices, FlowVariables } from "@chatwright/flow";
import { createTurnRunner, stateOf, type FinishedTurn, type TurnRunnerOptions, type TurnWork } from "./createTurnRunner";
import { RuntimeError } from "./errors";
import type { ConversationPublisher, ConversationStatus, InboxEvent, StoredMessage } from "./outbound";
import type { ConversationChannel } from "./queries/conversations";
import { insertConversationEvents } from "./queries/events";
import { assignTo, claimIfUnclaimed, findHandoffState, nextNoteSeq } from "./queries/handoff";
import { findReplies, storedMessageOf, type NewMessage } from "./queries/messages";
import { beginAndLockConversation, insertConversationWithLease, readAnswerState, saveAndCommit, type ConversationRow, type LeaseClaim } from "./queries/turn";
import { unstorableReasonOf } from "./storableText";
import { withSelfCommittingTransaction, withTransaction } from "./withTransaction";

export const MAX_MESSAGE_LENGTH = 4000;

export interface RuntimeOptions {
  pool: pg.Pool;
  publisher: ConversationPublisher;
  /**
   * Services for one conversation's turn (bot-specific classifier, knowledge,
   * LLM...). They run with no transaction open: each read is a short query of
   * its own on the pool.
   */
  servicesFor(conversation: { workspaceId: string; botId: string; conversationId: string }): FlowServices;
  now?: () => Date;
  maxStepsPerTurn?: number;
  onTurnError?: (details: { conversationId: string; workspaceId: string; code: string; nodeId: string | null; message: string }) => void;
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
   * lock when the message is accepted, and the increment is written with it
   * (a retried clientMessageId, found first, is never counted twice). A
   * message past the plan's quota gets a fixed "unavailable" reply and
   * nothing runs. Two conversations of one workspace can read the same count
   * at once, so a quota may be passed by a message or two.
   * false: nothing is counted or limited (benchmarks of the bare engine).
   */
  isMeteringVisitorMessages?: boolean;
  /**
   * How long a turn's process may go without renewing its lease (it renews
   * every third of it while the turn runs) before another process takes the
   * turn over. Default 30 s.
   */
  turnLeaseMs?: number;
  /** Runs of one turn whose process died each time before it is given up with an apology. Default 3. */
  maxTurnAttempts?: number;
  /**
   * How long sendVisitorMessage waits for the answer to a message that waits
   * behind another turn (or is answered by another process). Default 120 s;
   * past it the result says `isAnswered: false` and the answer still comes
   * over the live subscription.
   */
  replyWaitMs?: number;
  /** Hears every finished turn (its duration and outcome), for metrics; must not throw. */
  onTurnFinished?: TurnRunnerOptions["onTurnFinished"];
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
  /** False when the answer was not ready within `replyWaitMs` (it still comes over the live subscription). */
  isAnswered: boolean;
}

export type Runtime = ReturnType<typeof createRuntime>;

/** A release waits at most this long for a visitor turn still running to finish. */
const RELEASE_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The per-conversation runtime (ARCHITECTURE.md, "The turn"). A turn has three parts, and no
 * transaction, row lock or pooled connection is held while the flow waits on
 * the outside world:
 * 1. accept — a short transaction stores the visitor's message (idempotent by
 *    clientMessageId) and takes the conversation's turn lease;
 * 2. run — the machine runs from the stored snapshot with services that make
 *    their own short reads; tokens stream to subscribers;
 * 3. finish — a short transaction stores replies, snapshot and events if the
 *    lease is still this turn's, and releases it (createTurnRunner).
 * Messages accepted while a turn runs wait, stored, and are answered in order
 * by the lease holder. A turn whose process died is taken over by
 * `recoverExpiredTurns` in any process.
 */
export function createRuntime(options: RuntimeOptions) {
  const now = options.now ?? (() => new Date());
  const isMetering = options.isMeteringVisitorMessages ?? true;
  const leaseMs = options.turnLeaseMs ?? 30_000;
  const replyWaitMs = options.replyWaitMs ?? 120_000;
  const { pool, publisher } = options;
  const runner = createTurnRunner({
    pool,
    publisher,
    servicesFor: options.servicesFor,
    isAgentOnline: options.isAgentOnline,
    onTurnError: options.onTurnError,
    now,
    maxSteps: options.maxStepsPerTurn ?? 50,
    leaseMs,
    maxAttempts: options.maxTurnAttempts ?? 3,
    onTurnFinished: options.onTurnFinished,
  });

  const isLeaseLive = (conversation: ConversationRow, at: Date) =>
    conversation.turnId !== null && conversation.turnLeaseUntil !== null && conversation.turnLeaseUntil.getTime() > at.getTime();

  const claimLease = (conversation: ConversationRow, at: Date): LeaseClaim => ({
    turnId: randomUUID(),
    until: new Date(at.getTime() + leaseMs),
    isTakeover: conversation.turnId !== null,
  });

  /** Runs the conversation's turns under a lease just taken; `first` unless it took over a dead process's turn, which comes first. */
  async function runClaimed(conversation: ConversationRow, claim: LeaseClaim, first: TurnWork): Promise<FinishedTurn[]> {
    const row = { ...conversation, turnId: claim.turnId };
    const work = claim.isTakeover ? await runner.workAfterTakeover(row) : first;
    const { finished } = await runner.drain({ conversationId: conversation.id, turnId: claim.turnId }, stateOf(row), work, claim.isTakeover ? conversation.turnAttempts + 1 : 0);
    return finished;
  }

  /**
   * The replies to a message answered elsewhere (by the turn before it, or by
   * another process): wakes on the conversation's events, checks the database
   * with a short query, at most `replyWaitMs`.
   */
  async function waitForAnswer(message: StoredMessage): Promise<{ status: ConversationStatus; replies: StoredMessage[]; isAnswered: boolean }> {
    const deadline = Date.now() + replyWaitMs;
    let wake: () => void = () => undefined;
    const unsubscribe = publisher.subscribe(message.conversationId, (event) => {
      if (event.type === "message" || event.type === "status") wake();
    });
    try {
      for (;;) {
        const state = await readAnswerState(pool, message.id);
        if (!state) throw new RuntimeError("NOT_FOUND", "This conversation does not exist.");
        if (!state.isAwaitingReply) return { status: state.status, replies: await findReplies(pool, message.conversationId, message.id), isAnswered: true };
        const remaining = deadline - Date.now();
        if (remaining <= 0) return { status: state.status, replies: [], isAnswered: false };
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(1000, remaining));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      unsubscribe();
    }
  }

  function publishInbox(conversation: { id: string; workspaceId: string }, status: ConversationStatus, reason: InboxEvent["reason"]) {
    publisher.publishInbox({ type: "inbox", workspaceId: conversation.workspaceId, conversationId: conversation.id, status, reason });
  }

  /** A message stored outside a turn (a visitor's, an agent's): its subscribers see it, and the inbox hears while a person has the conversation. */
  function publishStored(conversation: { id: string; workspaceId: string }, messages: readonly NewMessage[], status: ConversationStatus) {
    for (const message of messages) publisher.publish({ type: "message", conversationId: conversation.id, message: storedMessageOf(message) });
    if (status === "WAITING_AGENT" || status === "AGENT") publishInbox(conversation, status, "message");
  }

  /** Locks the conversation of this workspace for a person's action; the caller commits. */
  async function lockForAgent(client: pg.ClientBase, input: { conversationId: string; workspaceId: string; clientMessageId: string | null }) {
    const { conversation, seen } = await beginAndLockConversation(client, input.conversationId, input.clientMessageId);
    if (!conversation || conversation.workspaceId !== input.workspaceId) throw new RuntimeError("NOT_FOUND", "This conversation does not exist.");
    return { conversation, seen };
  }

  /** Text as it may be stored: trimmed, not empty, within the limit, no character PostgreSQL cannot store (checked before anything runs). */
  function checkText(raw: string): string {
    const text = raw.trim();
    if (text.length === 0) throw new RuntimeError("INVALID_MESSAGE", "The message is empty.");
    if (text.length > MAX_MESSAGE_LENGTH) throw new RuntimeError("INVALID_MESSAGE", `Messages are limited to ${MAX_MESSAGE_LENGTH} characters.`);
    const unstorable = unstorableReasonOf(text);
    if (unstorable) throw new RuntimeError("INVALID_MESSAGE", `The message contains characters that cannot be stored (${unstorable}). Remove them and try again.`);
    return text;
  }

  return {
    /** Creates a conversation pinned to a flow version and runs its first turn (the greeting). */
    async startConversation(input: { workspaceId: string; botId: string; flowVersionId: string; visitorId: string; variables?: FlowVariables; channel?: ConversationChannel }): Promise<TurnResult> {
      const at = now();
      const conversationId = randomUUID();
      const turnId = randomUUID();
      const variables = input.variables ?? {};
      await insertConversationWithLease(pool, {
        id: conversationId,
        workspaceId: input.workspaceId,
        botId: input.botId,
        flowVersionId: input.flowVersionId,
        visitorId: input.visitorId,
        channel: input.channel ?? "widget",
        variables,
        now: at,
        turnId,
        leaseUntil: new Date(at.getTime() + leaseMs),
      });
      const state = { id: conversationId, workspaceId: input.workspaceId, botId: input.botId, flowVersionId: input.flowVersionId, status: "BOT" as const, snapshot: null };
      const { finished } = await runner.drain({ conversationId, turnId }, state, { kind: "greeting", variables });
      const greeting = finished.find((turn) => turn.work.kind === "greeting");
      return { conversationId, status: greeting?.status ?? "BOT", visitorMessage: null, replies: greeting?.replies ?? [], isDuplicate: false, isAnswered: greeting !== undefined };
    },

    /**
     * Stores the visitor's message and answers it. The same clientMessageId
     * twice returns the first reply and runs nothing. While a person has the
     * conversation the message is stored and published only. While another
     * turn of the conversation runs, the message is stored and answered after
     * it, in order; the call waits for that answer (up to `replyWaitMs`).
     */
    async sendVisitorMessage(input: { conversationId: string; text: string; clientMessageId: string | null }): Promise<TurnResult> {
      const text = checkText(input.text);
      const at = now();
      const usageMonth = isMetering ? usageMonthOf(at) : undefined;
      const accepted = await withSelfCommittingTransaction(pool, async (client) => {
        const { conversation, seen, usage } = await beginAndLockConversation(client, input.conversationId, input.clientMessageId || null, { usageMonth });
        if (!conversation) throw new RuntimeError("NOT_FOUND", "This conversation does not exist.");
        if (seen) {
          await client.query("COMMIT");
          return { kind: "duplicate" as const, conversation, seen };
        }
        if (conversation.status === "CLOSED") throw new RuntimeError("CONVERSATION_CLOSED", "This conversation has ended. Start a new one.");
        const countVisitorMessage = usageMonth === undefined ? null : { workspaceId: conversation.workspaceId, month: usageMonth, at };
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
        if (conversation.status === "BOT" && usage !== null && isOverMessageQuota(usage.plan, usage.visitorMessages + 1)) {
          // Over the plan's monthly quota: a polite fixed reply, no flow (so no LLM call); the machine stays where it was.
          const reply: NewMessage = { ...visitorMessage, id: randomUUID(), seq: visitorMessage.seq + 1, role: "BOT", text: QUOTA_EXCEEDED_REPLY, clientMessageId: null, inReplyToId: visitorMessage.id };
          await saveAndCommit(client, {
            messages: [visitorMessage, reply],
            events: [{ workspaceId: conversation.workspaceId, conversationId: conversation.id, type: "quotaExceeded", nodeId: null, data: {}, createdAt: at }],
            conversation: { id: conversation.id, lastSeq: reply.seq, now: at },
            countVisitorMessage,
          });
          return { kind: "overQuota" as const, conversation, stored: [visitorMessage, reply] };
        }
        // The bot owes an answer while it has the conversation, or while a turn (a release, say) may give it back.
        const isAwaitingReply = conversation.status === "BOT" || conversation.turnId !== null;
        const claim = isAwaitingReply && !isLeaseLive(conversation, at) ? claimLease(conversation, at) : null;
        await saveAndCommit(client, {
          messages: [{ ...visitorMessage, isAwaitingReply }],
          events: [],
          conversation: { id: conversation.id, lastSeq: visitorMessage.seq, now: at, lease: claim },
          countVisitorMessage,
        });
        return { kind: "accepted" as const, conversation, stored: [visitorMessage], isAwaitingReply, claim };
      });
      const { conversation } = accepted;
      const result = (status: ConversationStatus, visitorMessage: StoredMessage, replies: StoredMessage[], extra: { isDuplicate?: boolean; isAnswered?: boolean } = {}): TurnResult => ({
        conversationId: conversation.id,
        status,
        visitorMessage,
        replies,
        isDuplicate: extra.isDuplicate ?? false,
        isAnswered: extra.isAnswered ?? true,
      });
      if (accepted.kind === "duplicate") {
        const { message, isAwaitingReply } = accepted.seen;
        if (!isAwaitingReply) return result(conversation.status, message, await findReplies(pool, conversation.id, message.id), { isDuplicate: true });
        const answer = await waitForAnswer(message);
        return result(answer.status, message, answer.replies, { isDuplicate: true, isAnswered: answer.isAnswered });
      }
      publishStored(conversation, accepted.stored, conversation.status);
      const [visitor, ...fixedReplies] = accepted.stored.map(storedMessageOf);
      if (!visitor) throw new Error("accept stored no visitor message");
      if (accepted.kind === "overQuota" || !accepted.isAwaitingReply) return result(conversation.status, visitor, fixedReplies);
      if (accepted.claim) {
        const finished = await runClaimed(conversation, accepted.claim, { kind: "message", message: visitor });
        const own = finished.find((turn) => turn.work.kind === "message" && turn.work.message.id === visitor.id);
        if (own) return result(own.status, visitor, own.replies);
      }
      const answer = await waitForAnswer(visitor);
      return result(answer.status, visitor, answer.replies, { isAnswered: answer.isAnswered });
    },

    /**
     * An agent gives the conversation back to the bot (`returned`) or closes
     * the matter (`resolved`): a turn of its own under the lease (waiting
     * briefly for a visitor turn still running).
     */
    async releaseFromAgent(input: { conversationId: string; workspaceId: string; outcome: "returned" | "resolved"; agentUserId?: string }): Promise<TurnResult> {
      const deadline = Date.now() + RELEASE_WAIT_MS;
      for (;;) {
        const at = now();
        const claimed = await withSelfCommittingTransaction(pool, async (client) => {
          const { conversation } = await lockForAgent(client, { ...input, clientMessageId: null });
          if (conversation.status !== "WAITING_AGENT" && conversation.status !== "AGENT") {
            throw new RuntimeError("NOT_IN_HANDOFF", "This conversation is not with a person right now.");
          }
          if (isLeaseLive(conversation, at)) {
            await client.query("ROLLBACK");
            return null;
          }
          const claim = claimLease(conversation, at);
          await saveAndCommit(client, { messages: [], events: [], conversation: { id: conversation.id, lastSeq: conversation.lastSeq, now: at, lease: claim } });
          return { conversation, claim };
        });
        if (claimed) {
          const work: TurnWork = { kind: "release", outcome: input.outcome, agentUserId: input.agentUserId ?? null };
          // A dead process's turn is finished first (by the loop, after this one), so the release is this lease's first work either way.
          const { finished } = await runner.drain(
            { conversationId: claimed.conversation.id, turnId: claimed.claim.turnId },
            stateOf(claimed.conversation),
            work,
            0,
          );
          const own = finished.find((turn) => turn.work === work);
          return { conversationId: input.conversationId, status: own?.status ?? claimed.conversation.status, visitorMessage: null, replies: own?.replies ?? [], isDuplicate: false, isAnswered: own !== undefined };
        }
        if (Date.now() >= deadline) throw new RuntimeError("BUSY", "The bot is still answering in this conversation. Try again in a moment.");
        await sleep(100);
      }
    },

    /** Takes over turns whose process died (lease past its time) and finishes them here; resolves when they are stored, with how many there were. */
    async recoverExpiredTurns(limit?: number): Promise<number> {
      const { count, finished } = await runner.takeOverExpiredTurns(limit);
      await finished;
      return count;
    },

    /**
     * Sweeps for dead processes' turns now and then every `intervalMs`
     * (default a fifth of the lease, at least a second); returns the function
     * that stops it. Turns taken over run in the background: a long AI reply
     * does not hold up the next sweep.
     */
    startRecovery(sweepOptions: { intervalMs?: number; onError?: (error: unknown) => void } = {}): () => void {
      let isSweeping = false;
      const report = (error: unknown) => sweepOptions.onError?.(error);
      const sweep = () => {
        if (isSweeping) return;
        isSweeping = true;
        runner
          .takeOverExpiredTurns()
          .then(({ finished }) => {
            finished.catch(report);
          }, report)
          .finally(() => {
            isSweeping = false;
          });
      };
      sweep();
      const timer = setInterval(sweep, sweepOptions.intervalMs ?? Math.max(1000, Math.floor(leaseMs / 5)));
      timer.unref();
      return () => clearInterval(timer);
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
          return { message: seen.message, pending: null, status: conversation.status };
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
        await saveAndCommit(client, { messages: [message], events: [], conversation: { id: conversation.id, lastSeq: message.seq, now: message.createdAt } });
        return { message: storedMessageOf(message), pending: message, status: conversation.status };
      });
      if (outcome.pending) publishStored({ id: input.conversationId, workspaceId: input.workspaceId }, [outcome.pending], outcome.status);
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
        await saveAndCommit(client, { messages: [note], events: [], conversation: { id: conversation.id, lastSeq: conversation.lastSeq, now: note.createdAt } });
        return { note, status: conversation.status };
      });
      publishInbox({ id: input.conversationId, workspaceId: input.workspaceId }, outcome.status, "note");
      return storedMessageOf(outcome.note);
    },
  };
}
