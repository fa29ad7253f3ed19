import type { Db } from "@chatwright/db";
import { appRouter } from "../routers";
import { createCallerFactory } from "../trpc";
import { createLoginThrottle } from "../auth/throttle";
import type { ApiServices, Context, RequestInfo } from "../context";

const createCaller = createCallerFactory(appRouter);

/** A browser for router tests: keeps its session cookie across calls, like the real one. */
export interface TestBrowser {
  caller: ReturnType<typeof createCaller>;
  cookie: { token: string | null; expiresAt: Date | null };
  request: RequestInfo;
}

export function createTestServices(db: Db, overrides: Partial<ApiServices> = {}): ApiServices {
  return {
    db,
    now: () => new Date(),
    throttle: { byEmail: createLoginThrottle({ maxFailures: 5, windowMs: 15 * 60_000 }), byIp: createLoginThrottle({ maxFailures: 50, windowMs: 15 * 60_000 }) },
    trustedOrigins: [],
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
