import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClients, type DbClients } from "@chatwright/db";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { createTestBrowser, createTestServices } from "../testing";
import { DATABASE_BUSY_MESSAGE } from "../trpc";

let db: MigratedTestDatabase;
let busy: DbClients;
beforeAll(async () => {
  db = await createTestDatabase();
  // One connection, and 200 ms to get it: a test can hold it and see what a request then gets.
  busy = createDbClients({ url: db.url, maxConnections: 1, waitLimitMs: 200 });
});
afterAll(async () => {
  await busy.close();
  await db.close();
});

describe("a request that finds no free database connection in time", () => {
  it("fails within the wait limit with a clear 'busy' error, and works again once a connection is free", async () => {
    const browser = createTestBrowser(createTestServices(busy));
    await browser.caller.auth.signUp({ email: "busy@shop.test", password: "a fine long passphrase", name: "Busy", workspaceName: "Busy Shop" });
    const held = await busy.pool.connect();
    try {
      const started = Date.now();
      await expect(browser.caller.auth.me()).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", message: DATABASE_BUSY_MESSAGE });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      held.release();
    }
    expect((await browser.caller.auth.me())?.user.email).toBe("busy@shop.test");
  });
});
