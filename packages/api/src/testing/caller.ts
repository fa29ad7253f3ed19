import type { Db, DbClients } from "@chatwright/db";
import { createKeywordServices } from "@chatwright/flow";
import { createInMemoryPresence, createInProcessPublisher, createRuntime } from "@chatwright/runtime";
import { appRouter } from "../routers";
import { createCallerFactory } from "../trpc";
import { createLoginThrottle } from "../auth/throttle";
import type { ApiServices, Context, RequestInfo } from "../context";
import { createRateLimiter, DEFAULT_WIDGET_RATE_LIMITS } from "../widget/rateLimits";

const createCaller = createCallerFactory(appRouter);

/** A browser for router tests: keeps its session cookie across calls, like the real one. */
export interface TestBrowser {
  caller: ReturnType<typeof createCaller>;
  cookie: { token: string | null; expiresAt: Date | null };
  request: RequestInfo;
}

/** Stands in for the pool when a test gives only Prisma: any use says what to pass instead. */
const poolNotGiven = new Proxy(
  {},
  {
    get() {
      throw new Error("This test gave createTestServices only a Prisma client; pass the test database ({ prisma, pool }) to use SQL domain code.");
    },
  },
) as DbClients["pool"];

/** `database`: the test database's clients, or only its Prisma client when no SQL domain code runs. */
export function createTestServices(database: Db | Pick<DbClients, "prisma" | "pool">, overrides: Partial<ApiServices> = {}): ApiServices {
  const isClients = "pool" in database && "prisma" in database;
  const pool = overrides.pool ?? (isClients ? database.pool : poolNotGiven);
  const servicesFor = overrides.servicesFor ?? (() => createKeywordServices());
  const publisher = overrides.publisher ?? createInProcessPublisher();
  return {
    db: isClients ? database.prisma : database,
    pool,
    invalidateBotAnswers: async () => undefined,
    now: () => new Date(),
    throttle: { byEmail: createLoginThrottle({ maxFailures: 5, windowMs: 15 * 60_000 }), byIp: createLoginThrottle({ maxFailures: 50, windowMs: 15 * 60_000 }) },
    trustedOrigins: [],
    servicesFor,
    publisher,
    // Presence is tracked, but the runtime assumes someone is online unless a test wires `isAgentOnline`.
    presence: overrides.presence ?? createInMemoryPresence(),
    runtime: createRuntime({ pool, publisher, servicesFor }),
    widget: { limiter: createRateLimiter(), limits: DEFAULT_WIDGET_RATE_LIMITS, allowLocalhostOrigins: false },
    ...overrides,
  };
}

export function createTestBrowser(services: ApiServices, request: Partial<RequestInfo> = {}): TestBrowser {
  const cookie: TestBrowser["cookie"] = { token: null, expiresAt: null };
  const requestInfo: RequestInfo = {
    ip: "127.0.0.1",
    userAgent: "vitest",
    origin: "http://localhost:3000",
    selfOrigin: "http://localhost:3000",
    fetchSite: "same-origin",
    ...request,
  };
  const context: Context = {
    ...services,
    request: requestInfo,
    cookies: {
      read: () => cookie.token,
      set: (token, expiresAt) => {
        cookie.token = token;
        cookie.expiresAt = expiresAt;
      },
      clear: () => {
        cookie.token = null;
        cookie.expiresAt = null;
      },
    },
  };
  return { caller: createCaller(context), cookie, request: requestInfo };
}
