import path from "node:path";
import { z } from "zod";
import { repoRoot } from "@chatwright/db";
import { parseSecretsKey } from "@chatwright/api";

const emptyAsUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  /** Unset or empty: the embedded database under DATA_DIR. */
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.string().url().optional()),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * Comma-separated origins (scheme://host[:port]) the dashboard is also served from, besides the address a request
   * was sent to and PUBLIC_URL's: browser requests to dashboard procedures (and its WebSocket) from any other origin are refused.
   */
  TRUSTED_ORIGINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((value, context) => {
        const origins = value.split(",").map((entry) => entry.trim()).filter(Boolean);
        for (const entry of origins.filter((origin) => readOrigin(origin) === null)) {
          context.addIssue({ code: "custom", message: `"${entry}" is not an origin; write scheme://host[:port], e.g. https://app.example.com (no path, no wildcard)` });
        }
        return origins.map((origin) => readOrigin(origin) ?? origin);
      })
      .optional(),
  ),
  /** Behind a reverse proxy that sets X-Forwarded-*: set to 1. */
  TRUST_PROXY: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).optional()),
  /** Session cookies are Secure whenever the request came over https; set 1 to force it. */
  COOKIE_SECURE: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).optional()),
  /** Lets flows' http nodes call private and loopback addresses (tests, self-hosted services). */
  HTTP_NODE_ALLOW_PRIVATE: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).optional()),
  /** OpenRouter key. Unset: faq nodes answer with the best stored answer, intents use the local classifier, llm nodes say "AI replies are not configured". */
  OPENROUTER_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Any OpenAI-compatible server instead of OpenRouter (default https://openrouter.ai/api/v1). */
  LLM_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** Per-attempt limit of an LLM call (until the reply starts, and between streamed chunks). Default 30000. */
  LLM_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1000).max(600_000).default(30_000)),
  /**
   * Embeddings model on the same OpenAI-compatible server (e.g. openai/text-embedding-3-small):
   * knowledge is also searched by meaning. Unset (the default): text search only. Needs OPENROUTER_API_KEY.
   */
  EMBEDDINGS_MODEL: z.preprocess(emptyAsUndefined, z.string().trim().min(1).optional()),
  /**
   * The local sentence encoder intent nodes classify with beside the words: "use-lite" (the default; Universal
   * Sentence Encoder lite, shipped in an npm package, ~100 MB of memory, a few ms per message) or "off" (words alone).
   */
  SENTENCE_ENCODER: z.preprocess(emptyAsUndefined, z.enum(["use-lite", "off"]).default("use-lite")),
  /** Redis shared by several server processes: events, agent presence, widget rate limits, answer cache. Unset: all in this process. */
  REDIS_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** Namespace of every Redis key and channel, so deployments can share one Redis. Default "chatwright:". */
  REDIS_PREFIX: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, { error: "use letters, digits and _ . : - only" }).optional()),
  /** The address people reach this server at; sent to OpenRouter as HTTP-Referer. Default http://localhost:PORT. */
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** Stripe secret key (sk_live_… / sk_test_… or a restricted rk_… key). Unset: billing is off and plans are set with the admin CLI. */
  STRIPE_SECRET_KEY: z.preprocess(emptyAsUndefined, z.string().trim().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, { error: "expected sk_test_…, sk_live_… or rk_…" }).optional()),
  /** Signing secret of the /stripe/webhook endpoint (whsec_…). Needed with STRIPE_SECRET_KEY. */
  STRIPE_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, z.string().trim().regex(/^whsec_[A-Za-z0-9+/=]+$/, { error: "expected whsec_…" }).optional()),
  /** Recurring price ids (price_…) that Checkout sells for Starter and Pro. Needed with STRIPE_SECRET_KEY. */
  STRIPE_PRICE_STARTER: z.preprocess(emptyAsUndefined, z.string().trim().regex(/^price_[A-Za-z0-9]+$/, { error: "expected price_…" }).optional()),
  STRIPE_PRICE_PRO: z.preprocess(emptyAsUndefined, z.string().trim().regex(/^price_[A-Za-z0-9]+$/, { error: "expected price_…" }).optional()),
  /**
   * 32 random bytes (64 hex digits or base64) sealing stored secrets (AES-256-GCM), e.g. workspaces' own LLM keys.
   * Unset: outside production a key is made once in DATA_DIR/secrets.key; in production storing secrets is refused.
   */
  SECRETS_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((value, context) => {
        try {
          return parseSecretsKey(value);
        } catch (error) {
          context.addIssue({ code: "custom", message: error instanceof Error ? error.message : "invalid" });
          return z.NEVER;
        }
      })
      .optional(),
  ),
  /**
   * The mail server: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465.
   * Unset: emails are written to the log, and outside production listed at /dev/mailbox.
   */
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ error: "expected smtp://user:password@host:port or smtps://…" })
      .refine((value) => /^smtps?:$/.test(new URL(value).protocol), { error: "expected smtp://user:password@host:port or smtps://…" })
      .optional(),
  ),
  /** Where notices for the server's operator go (a shop asking for Enterprise). Unset: they are stored and logged only. */
  OPERATOR_EMAIL: z.preprocess(emptyAsUndefined, z.email({ error: "expected an email address, e.g. ops@example.com" }).optional()),
  /** The sender of every email, "Chatwright <no-reply@shop.example>" or a bare address. Needed with SMTP_URL. */
  MAIL_FROM: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^(?:[^<>@\r\n]+ <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, { error: 'expected an address, e.g. no-reply@shop.example or "Chatwright <no-reply@shop.example>"' })
      .optional(),
  ),
  /** Bearer token that GET /metrics (Prometheus) requires; unset: /metrics is not served. At least 16 characters. */
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().trim().min(16, { error: "use at least 16 characters, e.g. `openssl rand -hex 24`" }).optional()),
  /** `production` turns off the development conveniences below unless they are set explicitly. */
  NODE_ENV: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Widget pages on localhost / 127.0.0.1 may use any bot. Default: 1, except 0 when NODE_ENV=production. */
  ALLOW_LOCALHOST_ORIGINS: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).optional()),
  /** Create the "Demo shop" bot on start and serve /demo. Default: 1, except 0 when NODE_ENV=production. */
  DEMO_SHOP: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).optional()),
});

/** Every environment variable the server reads (deployment files may pass these and no others). */
export const SERVER_ENV_NAMES: readonly string[] = Object.keys(envSchema.shape);

export interface ServerEnv {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  /** The dashboard's origins besides a request's own: PUBLIC_URL's, then TRUSTED_ORIGINS. */
  trustedOrigins: string[];
  trustProxy: boolean;
  forceSecureCookies: boolean;
  httpNodeAllowPrivate: boolean;
  openRouterApiKey: string | undefined;
  llmBaseUrl: string | undefined;
  llmTimeoutMs: number;
  embeddingsModel: string | undefined;
  /** SENTENCE_ENCODER */
  sentenceEncoder: "use-lite" | "off";
  redisUrl: string | undefined;
  redisPrefix: string;
  publicUrl: string;
  /** SECRETS_KEY's 32 bytes; undefined when unset (see loadSecretsKey). */
  secretsKey: Buffer | undefined;
  isProduction: boolean;
  allowLocalhostOrigins: boolean;
  hasDemoShop: boolean;
  /** Whether PUBLIC_URL was set: links in emails use it, else the address the server listens on. */
  isPublicUrlSet: boolean;
  /** SMTP_URL and MAIL_FROM; null: emails go to the log (and the dev mailbox outside production). */
  smtp: { url: string; from: string } | null;
  /** The sender shown by the log mailer when there is no SMTP server. */
  mailFrom: string;
  /** Outside production without SMTP_URL: /dev/mailbox lists the emails the server would have sent. */
  hasDevMailbox: boolean;
  /** Null when STRIPE_SECRET_KEY is unset: billing procedures say "billing is not configured". */
  stripe: { secretKey: string; webhookSecret: string; prices: { STARTER: string; PRO: string } } | null;
  /** METRICS_TOKEN; undefined: no /metrics. */
  metricsToken: string | undefined;
  /** OPERATOR_EMAIL: where Enterprise requests are emailed; undefined: stored (and logged) only. */
  operatorEmail: string | undefined;
}

export function readServerEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n  ");
    throw new Error(`Invalid environment:\n  ${problems}`);
  }
  const env = parsed.data;
  const stripeProblems = env.STRIPE_SECRET_KEY
    ? (["STRIPE_WEBHOOK_SECRET", "STRIPE_PRICE_STARTER", "STRIPE_PRICE_PRO"] as const).filter((name) => !env[name]).map((name) => `${name}: required when STRIPE_SECRET_KEY is set`)
    : [];
  const mailProblems = env.SMTP_URL && !env.MAIL_FROM ? ["MAIL_FROM: required when SMTP_URL is set (the address emails come from)"] : [];
  if (stripeProblems.length + mailProblems.length > 0) throw new Error(`Invalid environment:\n  ${[...stripeProblems, ...mailProblems].join("\n  ")}`);
  const isProduction = env.NODE_ENV === "production";
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: path.resolve(repoRoot, env.DATA_DIR ?? ".data"),
    logLevel: env.LOG_LEVEL,
    trustedOrigins: [...new Set([new URL(publicUrl).origin, ...(env.TRUSTED_ORIGINS ?? [])])],
    trustProxy: env.TRUST_PROXY === "1",
    forceSecureCookies: env.COOKIE_SECURE === "1",
    httpNodeAllowPrivate: env.HTTP_NODE_ALLOW_PRIVATE === "1",
    openRouterApiKey: env.OPENROUTER_API_KEY?.trim(),
    llmBaseUrl: env.LLM_BASE_URL,
    llmTimeoutMs: env.LLM_TIMEOUT_MS,
    embeddingsModel: env.EMBEDDINGS_MODEL,
    sentenceEncoder: env.SENTENCE_ENCODER,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX ?? "chatwright:",
    publicUrl,
    isPublicUrlSet: env.PUBLIC_URL !== undefined,
    smtp: env.SMTP_URL && env.MAIL_FROM ? { url: env.SMTP_URL, from: env.MAIL_FROM } : null,
    mailFrom: env.MAIL_FROM ?? "Chatwright <no-reply@localhost>",
    hasDevMailbox: !isProduction && !env.SMTP_URL,
    secretsKey: env.SECRETS_KEY,
    isProduction,
    allowLocalhostOrigins: env.ALLOW_LOCALHOST_ORIGINS ? env.ALLOW_LOCALHOST_ORIGINS === "1" : !isProduction,
    hasDemoShop: env.DEMO_SHOP ? env.DEMO_SHOP === "1" : !isProduction,
    metricsToken: env.METRICS_TOKEN,
    operatorEmail: env.OPERATOR_EMAIL,
    stripe:
      env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET && env.STRIPE_PRICE_STARTER && env.STRIPE_PRICE_PRO
        ? { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, prices: { STARTER: env.STRIPE_PRICE_STARTER, PRO: env.STRIPE_PRICE_PRO } }
        : null,
  };
}

/** `https://App.example.com/` -> `https://app.example.com`; null for anything but an http(s) origin (a path, a wildcard, credentials). */
function readOrigin(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  const isBare = url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password && !value.endsWith("?") && !value.endsWith("#");
  return (url.protocol === "http:" || url.protocol === "https:") && isBare && !value.includes("*") ? url.origin : null;
}
