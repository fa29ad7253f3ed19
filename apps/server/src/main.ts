import path from "node:path";
import pino from "pino";
import { createDbClients, createPool, migrateDatabase, openDatabase, repoRoot } from "@chatwright/db";
import { catchUpChunkEmbeddings, createSecretBox, createWebhookPublisher, DEFAULT_WIDGET_RATE_LIMITS, deliverDueWebhooks, purgeExpiredConversations, sendNoticeEmails, type ApiServices, type MailServices } from "@chatwright/api";
import { createLogMailer, createSmtpMailer, operatorNoticeEmail } from "@chatwright/mail";
import { redactRedisUrl } from "@chatwright/redis";
import { createStripeBilling } from "@chatwright/billing/stripe";
import { createGuardedHttpClient, createRuntime, recordLlmUsage } from "@chatwright/runtime";
import { createSentenceEncoder } from "@chatwright/encoder";
import { buildApp } from "./app";
import { createMetrics } from "./createMetrics";
import { ensureDemoBot } from "./demo";
import { startRetentionJob } from "./retentionJob";
import { startNoticeJob } from "./noticeJob";
import { startWebhookJob } from "./webhookJob";
import { readServerEnv } from "./env";
import { openSharedState } from "./openSharedState";
import { loadSecretsKey } from "./secretsKey";
import { createApiServices, createBotServicesFactory } from "./services";

const env = readServerEnv();
const database = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir });
const migration = await migrateDatabase(database.url);
const clients = createDbClients({ url: database.url, maxConnections: 20 });
// Visitor turns have a pool of their own: however many conversations are busy,
// the dashboard's requests never wait for one of their connections.
const turnPool = createPool({ url: database.url, maxConnections: 10 });
// Prometheus metrics (GET /metrics with METRICS_TOKEN): fed by the runtime's and services' observers below.
// Visitor messages waiting for a reply are counted at scrape time (a partial index makes it cheap).
const metrics = createMetrics({
  pools: { app: clients.pool, turns: turnPool },
  countAwaitingReplies: async () => (await clients.pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Message" WHERE "awaitingReply"`)).rows[0]?.count ?? 0,
});
// Events, agent presence, widget rate limits and sign-in throttling: through Redis when REDIS_URL
// is set, else in this process. Its problems can come before the app's logger exists.
const shared = await openSharedState({ redisUrl: env.redisUrl, redisPrefix: env.redisPrefix, log: pino({ level: env.logLevel }) });
// Seals stored secrets (workspaces' own LLM keys): SECRETS_KEY, or in development a key kept in DATA_DIR.
const secretsKey = await loadSecretsKey({ secretsKey: env.secretsKey, isProduction: env.isProduction, dataDir: env.dataDir });
const secrets = secretsKey.key ? createSecretBox(secretsKey.key) : null;
// Intent nodes classify with the sentence encoder beside the words (SENTENCE_ENCODER=off: words alone).
const sentenceEncoder = env.sentenceEncoder === "off" ? null : createSentenceEncoder();
// What flows call: the bot's intents and knowledge base, the LLM (when a key
// is set), the answer cache and the guarded HTTP client.
const bots = await createBotServicesFactory({
  pool: clients.pool,
  apiKey: env.openRouterApiKey,
  baseURL: env.llmBaseUrl,
  timeoutMs: env.llmTimeoutMs,
  embeddingsModel: env.embeddingsModel,
  sentenceEncoder,
  publicUrl: env.publicUrl,
  httpNodeAllowPrivate: env.httpNodeAllowPrivate,
  redis: shared.redis,
  secrets,
  recordUsage: (usage) => {
    metrics.observeLlmUsage(usage);
    return recordLlmUsage(clients.pool, { ...usage, at: new Date() });
  },
  onBackgroundError: (error, during, scope) => app.log.warn({ err: error, during, ...scope }, "a conversation's background work failed (the reply was still sent)"),
});
const servicesFor: typeof bots.servicesFor = (scope) => {
  const services = bots.servicesFor(scope);
  return {
    ...services,
    retrieve: async (query) => {
      const started = performance.now();
      try {
        return await services.retrieve(query);
      } finally {
        metrics.observeKnowledgeSearch(performance.now() - started);
      }
    },
  };
};
const { presence } = shared;
// Messages and status changes the runtime and the inbox publish also become webhook deliveries (Enterprise endpoints).
const publisher = createWebhookPublisher(shared.publisher, {
  db: clients.prisma,
  now: () => new Date(),
  onError: (error) => app.log.warn({ err: error }, "storing a webhook delivery failed (the event itself was published)"),
});
const limiter: typeof shared.limiter = {
  take: async (hits, at) => {
    const result = await shared.limiter.take(hits, at);
    if (!result.ok) metrics.observeRateLimitRefusal();
    return result;
  },
};
const runtime = createRuntime({
  pool: turnPool,
  publisher,
  servicesFor,
  isAgentOnline: (workspaceId) => shared.isAgentOnline(workspaceId),
  onTurnError: (details) => {
    metrics.observeTurnError(details.code);
    app.log.warn(details, "conversation turn failed");
  },
  onTurnFinished: (turn) => metrics.observeTurn(turn),
});
let demoBotKey: string | null = null;
// Email: SMTP_URL's server, or the log (and, outside production, the dev mailbox at /dev/mailbox).
const smtpMailer = env.smtp ? createSmtpMailer(env.smtp) : null;
const logMailer = createLogMailer({
  from: env.mailFrom,
  log: (mail) => app.log.info({ to: mail.to, subject: mail.subject, text: mail.text }, `email not sent (SMTP_URL is not set)${env.hasDevMailbox ? ": read it at /dev/mailbox" : ""}`),
});
// Links in emails: PUBLIC_URL, else the address this process listens on (known once it does).
let listeningOrigin: string | null = null;
const mail: MailServices = {
  mailer: smtpMailer ?? logMailer,
  appUrl: () => (env.isPublicUrlSet ? env.publicUrl : (listeningOrigin ?? env.publicUrl)),
  onError: (error, purpose) => app.log.warn({ err: error, purpose }, "an email could not be sent"),
  devMailbox: env.hasDevMailbox ? logMailer : null,
};
const app = await buildApp({
  services: createApiServices(clients.prisma, {
    trustedOrigins: env.trustedOrigins,
    servicesFor,
    pool: clients.pool,
    invalidateBotAnswers: bots.invalidateBotAnswers,
    runtime,
    publisher,
    presence,
    widget: { limiter, limits: DEFAULT_WIDGET_RATE_LIMITS, allowLocalhostOrigins: env.allowLocalhostOrigins },
    throttle: shared.loginThrottle,
    embedder: bots.embedder,
    sentenceEncoder,
    secrets,
    mail,
    notifyOperator: async (notice) => {
      app.log.info({ kind: notice.kind, subject: notice.subject }, env.operatorEmail ? "emailing the operator" : "a notice for the operator (OPERATOR_EMAIL is not set)");
      if (env.operatorEmail) await mail.mailer.send(operatorNoticeEmail({ to: env.operatorEmail, subject: notice.subject, text: notice.text }));
    },
    webhooks: { allowPrivate: env.httpNodeAllowPrivate },
    billing: env.stripe ? createStripeBilling({ ...env.stripe, publicUrl: env.publicUrl }) : null,
    onBackgroundError: (error, during) => logBackgroundFailure(error, during),
  }),
  widgetFile: path.join(repoRoot, "apps/widget/dist/widget.js"),
  demoBotKey: () => demoBotKey,
  databaseKind: database.kind,
  dashboardDir: path.join(repoRoot, "apps/dashboard/dist"),
  logLevel: env.logLevel,
  trustProxy: env.trustProxy,
  forceSecureCookies: env.forceSecureCookies,
  metrics: env.metricsToken ? { metrics, token: env.metricsToken } : null,
});
app.log.info({ applied: migration.applied, database: database.kind }, "database ready");
if (!bots.isLlmConfigured) app.log.info("OPENROUTER_API_KEY is not set: AI reply nodes answer with their fallback; FAQ and intents work locally");
if (bots.embedder) app.log.info(`knowledge is also searched by meaning with ${env.embeddingsModel ?? ""}`);
else if (env.embeddingsModel) app.log.warn("EMBEDDINGS_MODEL is set but OPENROUTER_API_KEY is not: knowledge is searched by text alone");
if (sentenceEncoder) {
  // Loaded now, in the background, so the first visitor's intent node does not wait for it.
  const started = performance.now();
  sentenceEncoder.warmUp().then(
    () => app.log.info(`intents are also classified by meaning (sentence encoder ${sentenceEncoder.name}, loaded in ${Math.round(performance.now() - started)} ms)`),
    (error: unknown) => app.log.warn({ err: error }, "the sentence encoder did not load: intents are classified by their words alone until it does"),
  );
} else app.log.info("SENTENCE_ENCODER=off: intents are classified by their words alone");
if (!env.stripe) app.log.info("STRIPE_SECRET_KEY is not set: billing is off (plans are set with `npm run admin -- set-plan`)");
if (secretsKey.source === "dataDir") app.log.info(`SECRETS_KEY is not set: stored secrets are sealed with the development key in ${secretsKey.file ?? "DATA_DIR"} (set SECRETS_KEY in production)`);
if (secretsKey.source === "none") app.log.warn("SECRETS_KEY is not set: workspaces cannot store their own LLM keys until it is (32 random bytes, e.g. `openssl rand -base64 32`)");
if (!env.smtp && env.isProduction) app.log.warn("SMTP_URL is not set: nobody receives email, and emails (password reset links included) are written to the log; set SMTP_URL and MAIL_FROM");
else if (!env.smtp) app.log.info(`SMTP_URL is not set: emails are written to the log${env.hasDevMailbox ? " and listed at /dev/mailbox" : ""}`);
if (!env.metricsToken) app.log.info("METRICS_TOKEN is not set: /metrics is not served");
if (env.redisUrl) app.log.info(`Redis: events, presence, rate limits, sign-in throttling and answer cache shared through ${redactRedisUrl(env.redisUrl)}`);

/** Failures of background work that requests survive: embeddings (imports, test searches, the start-up catch-up) and intent retraining. */
function logBackgroundFailure(error: unknown, during: Parameters<NonNullable<ApiServices["onBackgroundError"]>>[1]) {
  const what = {
    embedChunks: "embedding knowledge chunks failed: they are searched by text alone until the next import or server start",
    embedQuery: "embedding a test search's question failed: it was searched by text alone",
    recordUsage: "an embeddings call's usage could not be recorded",
    trainIntents: "retraining a bot's intents after an edit failed: its next visitor message trains them instead",
  }[during];
  app.log.warn({ err: error, during }, what);
}
const embeddingsCatchUp = new AbortController();

// Bots with a retention setting lose conversations idle longer than it (hourly; see docs/privacy.md).
const retention = startRetentionJob({
  purge: () => purgeExpiredConversations(clients.pool, { now: new Date() }),
  onRun: (run) => {
    if (run.conversations > 0) app.log.info(run, "deleted conversations past their bot's retention");
  },
  onError: (error) => app.log.warn({ err: error }, "deleting conversations past their retention failed; retrying in an hour"),
});

// Visitors waiting while nobody is online, and the message quota at 80 % / 100 %: emailed within a minute, once.
const notices = startNoticeJob({
  send: () => sendNoticeEmails({ db: clients.prisma, pool: clients.pool }, mail, { now: new Date() }),
  onRun: (run) => {
    if (run.waitingConversations + run.quotaNotices > 0) app.log.info(run, "notice emails sent");
  },
  onError: (error) => app.log.warn({ err: error }, "sending notice emails failed; retrying in a minute"),
});

// Webhook deliveries (new, retried, test events): sent within seconds, signed, through the http node's SSRF guard.
const webhookPost = createGuardedHttpClient({ allowPrivate: env.httpNodeAllowPrivate, maxResponseBytes: 64 * 1024 });
const webhooks = startWebhookJob({
  deliver: () => deliverDueWebhooks({ db: clients.prisma, post: webhookPost, now: () => new Date() }),
  onError: (error) => app.log.warn({ err: error }, "sending webhook deliveries failed; retrying in a few seconds"),
});

// Turns whose process died mid-way (their lease ran out) are finished here, by whichever process sweeps first.
const stopRecovery = runtime.startRecovery({ onError: (error) => app.log.warn({ err: error }, "taking over unfinished turns failed; retrying shortly") });

let isShuttingDown = false;
async function shutDown(signal: string) {
  if (isShuttingDown) return;
  isShuttingDown = true;
  embeddingsCatchUp.abort();
  retention.stop();
  notices.stop();
  webhooks.stop();
  stopRecovery();
  app.log.info({ signal }, "shutting down: closing sockets, finishing in-flight requests");
  const forceExit = setTimeout(() => process.exit(1), 15_000);
  forceExit.unref();
  try {
    await app.close();
    await sentenceEncoder?.close();
    await shared.close();
    smtpMailer?.close();
    await turnPool.end();
    await clients.close();
    await database.stop();
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, "shutdown failed");
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutDown("SIGTERM"));
process.on("SIGINT", () => void shutDown("SIGINT"));

const address = await app.listen({ port: env.port, host: env.host });
const url = new URL(address);
if (url.hostname === "127.0.0.1" || url.hostname === "0.0.0.0") url.hostname = "localhost";
listeningOrigin = url.origin;
if (env.hasDemoShop) {
  // The demo page is served by this server, so it is the one origin the demo bot allows.
  const origins = [...new Set([url.origin, `${url.protocol}//127.0.0.1:${url.port}`, `${url.protocol}//localhost:${url.port}`])];
  try {
    demoBotKey = await ensureDemoBot(clients, { origins });
  } catch (error) {
    app.log.error({ err: error }, "could not set up the demo shop bot");
  }
}
if (bots.embedder) {
  // In the background, bot by bot: chunks without a vector of the current EMBEDDINGS_MODEL (it
  // changed, or an import's embeddings failed) are embedded again, so search by meaning comes back
  // without owners re-importing. It never throws; failures are logged and the next start retries.
  void catchUpChunkEmbeddings(
    { pool: clients.pool, embedder: bots.embedder, now: () => new Date(), invalidateBotAnswers: bots.invalidateBotAnswers, onBackgroundError: logBackgroundFailure },
    { signal: embeddingsCatchUp.signal },
  ).then((summary) => {
    if (summary.bots > 0) app.log.info(summary, `knowledge embeddings caught up with ${bots.embedder?.model ?? ""}`);
  });
}
console.log(`\nChatwright is running (${database.kind} database).\nOpen the dashboard: ${url.origin}/${demoBotKey ? `\nTry the widget on the demo shop: ${url.origin}/demo` : ""}\n`);
