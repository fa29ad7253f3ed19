import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import type { FlowServices } from "@chatwright/flow";
import { createInProcessPublisher, createRuntime } from "@chatwright/runtime";
import { elapsedMs, emit, round, runConcurrently, summarize } from "./stats";
import { VISITOR_TEXTS, type TurnFixture } from "./turns";

/** Conversations cycle through VISITOR_TEXTS from these offsets: never from an order number (that needs the question first). */
const START_OFFSETS = VISITOR_TEXTS.flatMap((text, index) => (/^A-\d+$/.test(text) ? [] : [index]));
/** How often the unrelated read starts, as a dashboard polling during the load. */
const OTHER_QUERY_EVERY_MS = 100;

/**
 * The fixture's services, each turn waiting `externalMs` on a stand-in for a
 * model or an API. A greeting-router turn either classifies the message (the
 * intent router) or, when it answers the order-number question, looks the
 * order up over http — one or the other, never both — so every turn waits
 * exactly once.
 */
function withExternalWait(services: FlowServices, externalMs: number): { services: FlowServices; countCalls: () => number } {
  let calls = 0;
  const waitOutside = async () => {
    calls += 1;
    await sleep(externalMs);
  };
  return {
    services: {
      ...services,
      classify: async (request) => {
        await waitOutside();
        return services.classify(request);
      },
      httpRequest: async (request) => {
        await waitOutside();
        return services.httpRequest(request);
      },
    },
    countCalls: () => calls,
  };
}

/**
 * `turn_external`: `conversations` visitors each send messages one after the
 * other for about `measureMs` (at most `maxTurnsEach` each) while every turn
 * waits `externalMs` outside; meanwhile an unrelated read is started every
 * 100 ms through the same pool. Ideal throughput is every conversation
 * waiting only on the outside: conversations / external seconds. How far the
 * turns fall short, and how long the other read waits, is what a turn costs
 * while it waits (a held connection, lock or session).
 */
export async function benchExternal(options: {
  pool: pg.Pool;
  fixture: TurnFixture;
  db: "embedded" | "postgres";
  conversations: number;
  externalMs: number;
  measureMs: number;
  maxTurnsEach: number;
}): Promise<void> {
  const { pool, fixture, conversations, externalMs } = options;
  const { services, countCalls } = withExternalWait(fixture.services, externalMs);
  const runtime = createRuntime({ pool, publisher: createInProcessPublisher(), servicesFor: () => services, maxStepsPerTurn: 50 });

  const ids = new Array<string>(conversations);
  await runConcurrently(conversations, 50, async (index) => {
    const started = await runtime.startConversation({ workspaceId: fixture.workspaceId, botId: fixture.botId, flowVersionId: fixture.flowVersionId, visitorId: `external-${index}` });
    ids[index] = started.conversationId;
  });

  const turnLatencies: number[] = [];
  const otherLatencies: number[] = [];
  const begin = process.hrtime.bigint();
  const isMeasuring = () => elapsedMs(begin) < options.measureMs;

  const otherReads: Promise<void>[] = [];
  const readFailures: unknown[] = [];
  const readEvery = (async () => {
    while (isMeasuring()) {
      const start = process.hrtime.bigint();
      otherReads.push(
        pool.query('SELECT count(*) FROM "Bot" WHERE "workspaceId" = $1', [fixture.workspaceId]).then(
          () => void otherLatencies.push(elapsedMs(start)),
          (error: unknown) => void readFailures.push(error),
        ),
      );
      await sleep(OTHER_QUERY_EVERY_MS);
    }
  })();

  const callsBefore = countCalls();
  await Promise.all(
    ids.map(async (conversationId, index) => {
      let cursor = START_OFFSETS[index % START_OFFSETS.length] ?? 0;
      for (let turn = 0; turn < options.maxTurnsEach && isMeasuring(); turn++) {
        const text = VISITOR_TEXTS[cursor % VISITOR_TEXTS.length] ?? "Hello";
        cursor += 1;
        const start = process.hrtime.bigint();
        const result = await runtime.sendVisitorMessage({ conversationId, text, clientMessageId: randomUUID() });
        turnLatencies.push(elapsedMs(start));
        if (result.replies.length === 0 || result.status !== "BOT") throw new Error(`unexpected turn result for “${text}”: ${result.status}, ${result.replies.length} replies`);
      }
    }),
  );
  // Turns started before the deadline finish after it: throughput is over the time until the last one did.
  const seconds = elapsedMs(begin) / 1000;
  // A turn that did not wait outside measured something else (a quota reply runs no flow).
  const calls = countCalls() - callsBefore;
  if (calls !== turnLatencies.length) throw new Error(`${turnLatencies.length} turns made ${calls} external calls; each should make exactly one.`);
  await readEvery;
  await Promise.all(otherReads);
  if (readFailures.length > 0) throw new Error(`${readFailures.length} of the other reads failed`, { cause: readFailures[0] });

  const turns = summarize(turnLatencies);
  const other = summarize(otherLatencies);
  emit({
    metric: "turn_external",
    db: options.db,
    conversations,
    external_ms: externalMs,
    turns_per_s: round(turnLatencies.length / seconds, 1),
    ideal_turns_per_s: round(conversations / (externalMs / 1000), 1),
    p50_ms: round(turns.p50),
    other_query_p50_ms: round(other.p50),
    p95_ms: round(turns.p95),
    other_query_p95_ms: round(other.p95),
  });
}
