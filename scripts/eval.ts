// npm run eval -- intents|retrieval --data FILE [--encoder use-lite|off]
// (intents: the sentence encoder is on by default, as in the server)
// Formats: ../shared/eval/README.md. Prints one JSON object of metrics, then
// a last line the harness can grep (accuracy=..., or p@1=... mrr=...).
import { readFileSync } from "node:fs";
import { evaluateIntents, type IntentEvalSet } from "@chatwright/nlp";
import { createDbClients, migrateDatabase, readDatabaseUrl, startEmbeddedPostgres } from "@chatwright/db";
import { ingestSource, retrieve } from "@chatwright/knowledge";
import { createSentenceEncoder } from "@chatwright/encoder";

type EvalOptions = { encoder: "use-lite" | "off" };
type Subcommand = (file: string, options: EvalOptions) => { metrics: object; lastLine: string } | Promise<{ metrics: object; lastLine: string }>;

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const parseIntentEvalSet = (data: unknown): IntentEvalSet => {
  if (!isRecord(data) || !isRecord(data.intents) || !Array.isArray(data.test)) {
    throw new Error('Not an intent eval set: expected { "name", "intents": { "<intent>": ["example", ...] }, "test": [{ "text", "intent" }] }.');
  }
  const intents: Record<string, string[]> = {};
  for (const [name, examples] of Object.entries(data.intents)) {
    if (!Array.isArray(examples) || !examples.every((e) => typeof e === "string")) throw new Error(`Intent "${name}": examples must be an array of strings.`);
    intents[name] = examples;
  }
  const test = data.test.map((item: unknown, i) => {
    if (!isRecord(item) || typeof item.text !== "string" || !(item.intent === null || typeof item.intent === "string")) {
      throw new Error(`test[${i}]: expected { "text": string, "intent": string | null }.`);
    }
    return { text: item.text, intent: item.intent };
  });
  return { name: typeof data.name === "string" ? data.name : "unnamed", intents, test };
};

const evalIntents: Subcommand = async (file, options) => {
  const metrics = await evaluateIntents(parseIntentEvalSet(readJson(file)), { encoder: options.encoder === "off" ? null : createSentenceEncoder() });
  return { metrics, lastLine: `accuracy=${metrics.accuracy}` };
};

const parseRetrievalEvalSet = (data: unknown) => {
  if (!isRecord(data) || !Array.isArray(data.faqs) || !Array.isArray(data.queries)) {
    throw new Error('Not a retrieval eval set: expected { "name", "faqs": [{ "id", "question", "answer" }], "queries": [{ "text", "faqId" }] }.');
  }
  const faqs = data.faqs.map((item: unknown, i) => {
    if (!isRecord(item) || typeof item.id !== "string" || typeof item.question !== "string" || typeof item.answer !== "string") throw new Error(`faqs[${i}]: expected { "id", "question", "answer" } strings.`);
    return { id: item.id, question: item.question, answer: item.answer };
  });
  const queries = data.queries.map((item: unknown, i) => {
    if (!isRecord(item) || typeof item.text !== "string" || typeof item.faqId !== "string") throw new Error(`queries[${i}]: expected { "text", "faqId" } strings.`);
    return { text: item.text, faqId: item.faqId };
  });
  return { name: typeof data.name === "string" ? data.name : "unnamed", faqs, queries };
};

// One bot's knowledge base on a fresh database (DATABASE_URL's server, else
// embedded PGlite), loaded through ingestSource and searched through retrieve
// with threshold 0, so every query gets a full ranking to score.
const evalRetrieval: Subcommand = async (file) => {
  const set = parseRetrievalEvalSet(readJson(file));
  const serverUrl = readDatabaseUrl(process.env);
  const embedded = serverUrl ? null : await startEmbeddedPostgres({});
  const url = serverUrl ?? embedded?.url ?? "";
  const { prisma, pool, close } = createDbClients({ url, maxConnections: 5 });
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    await migrateDatabase(url);
    const workspace = await prisma.workspace.create({ data: { name: `eval ${set.name}` } });
    cleanup.push(() => prisma.workspace.delete({ where: { id: workspace.id } }));
    const bot = await prisma.bot.create({ data: { workspaceId: workspace.id, name: "eval", publicKey: `eval_${Date.now().toString(36)}_${Math.random().toString(36).slice(2)}` } });
    const ingestStart = performance.now();
    const { sourceId } = await ingestSource(pool, {
      workspaceId: workspace.id,
      botId: bot.id,
      kind: "FAQ",
      title: set.name,
      file: { name: "faqs.json", text: JSON.stringify(set.faqs.map(({ question, answer }) => ({ question, answer }))) },
    });
    const ingestMs = performance.now() - ingestStart;
    const chunks = await prisma.knowledgeChunk.findMany({ where: { sourceId }, select: { id: true, position: true } });
    const faqIdByChunk = new Map(chunks.map((c) => [c.id, set.faqs[c.position]?.id]));
    let hitsAt1 = 0;
    let reciprocalRanks = 0;
    let hitsAt5 = 0;
    const latencies: number[] = [];
    for (const query of set.queries) {
      const start = performance.now();
      const results = await retrieve(pool, { workspaceId: workspace.id, botId: bot.id, query: query.text, topK: 10, threshold: 0 });
      latencies.push(performance.now() - start);
      const rank = results.findIndex((r) => faqIdByChunk.get(r.chunkId) === query.faqId);
      if (rank === 0) hitsAt1++;
      if (rank >= 0 && rank < 5) hitsAt5++;
      if (rank >= 0) reciprocalRanks += 1 / (rank + 1);
    }
    const n = set.queries.length;
    const round = (x: number) => Math.round(x * 1000) / 1000;
    latencies.sort((a, b) => a - b);
    const metrics = {
      set: set.name,
      database: serverUrl ? "postgres" : "embedded",
      faqs: set.faqs.length,
      chunks: chunks.length,
      queries: n,
      pAt1: round(hitsAt1 / n),
      mrrAt10: round(reciprocalRanks / n),
      recallAt5: round(hitsAt5 / n),
      ingestMs: Math.round(ingestMs),
      queryMsMean: round(latencies.reduce((s, x) => s + x, 0) / Math.max(n, 1)),
      queryMsP95: round(latencies[Math.floor(0.95 * (n - 1))] ?? 0),
    };
    return { metrics, lastLine: `p@1=${metrics.pAt1} mrr=${metrics.mrrAt10}` };
  } finally {
    for (const step of cleanup) await step().catch(() => undefined);
    await close();
    await embedded?.stop();
  }
};

const subcommands: Record<string, Subcommand> = { intents: evalIntents, retrieval: evalRetrieval };

const main = async (): Promise<void> => {
  const [name, ...rest] = process.argv.slice(2);
  const dataIndex = rest.indexOf("--data");
  const file = dataIndex >= 0 ? rest[dataIndex + 1] : undefined;
  const encoderIndex = rest.indexOf("--encoder");
  const encoder = encoderIndex >= 0 ? rest[encoderIndex + 1] : "use-lite";
  const subcommand = name === undefined ? undefined : subcommands[name];
  if (subcommand === undefined || file === undefined || (encoder !== "use-lite" && encoder !== "off")) {
    console.error(`usage: npm run eval -- ${Object.keys(subcommands).join("|")} --data FILE [--encoder use-lite|off]`);
    process.exit(2);
  }
  const { metrics, lastLine } = await subcommand(file, { encoder });
  console.log(JSON.stringify(metrics));
  console.log(lastLine);
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
