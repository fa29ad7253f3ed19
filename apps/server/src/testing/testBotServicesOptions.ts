import type { BotServicesFactoryOptions } from "../services";

/**
 * What the server's bot-services factory gets in tests: the local
 * OpenAI-compatible server at `baseURL`, a test key, no Redis, no private
 * http targets. Tests override what they are about.
 */
export function testBotServicesOptions(
  pool: BotServicesFactoryOptions["pool"],
  baseURL: string,
  overrides: Partial<BotServicesFactoryOptions> = {},
): BotServicesFactoryOptions {
  return { pool, apiKey: "test-key", baseURL, timeoutMs: 5_000, publicUrl: "https://chatwright.test", httpNodeAllowPrivate: false, redis: null, ...overrides };
}
