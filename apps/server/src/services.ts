import { createLoginThrottle, type ApiServices } from "@chatwright/api";
import type { Db } from "@chatwright/db";

export function createApiServices(db: Db, options: { trustedOrigins: string[]; servicesFor: ApiServices["servicesFor"] }): ApiServices {
  return {
    db,
    now: () => new Date(),
    throttle: {
      byEmail: createLoginThrottle({ maxFailures: 5, windowMs: 15 * 60_000 }),
      byIp: createLoginThrottle({ maxFailures: 30, windowMs: 15 * 60_000 }),
    },
    trustedOrigins: options.trustedOrigins,
    servicesFor: options.servicesFor,
  };
}
