import { createLoginThrottle, type ApiServices } from "@chatwright/api";
import type { Db } from "@chatwright/db";

/** `options` carries the process-wide collaborators built in main.ts (pool, runtime, publisher, widget policy...). */
export function createApiServices(db: Db, options: Omit<ApiServices, "db" | "now" | "throttle">): ApiServices {
  return {
    ...options,
    db,
    now: () => new Date(),
    throttle: {
      byEmail: createLoginThrottle({ maxFailures: 5, windowMs: 15 * 60_000 }),
      byIp: createLoginThrottle({ maxFailures: 30, windowMs: 15 * 60_000 }),
    },
  };
}
