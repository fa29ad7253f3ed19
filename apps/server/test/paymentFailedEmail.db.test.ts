import type { FastifyInstance } from "fastify";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBrowser, createTestMail, createTestServices } from "@chatwright/api/testing";
import { createStripeBilling } from "@chatwright/billing/stripe";
import { createTestDatabase, type MigratedTestDatabase } from "@chatwright/db/testing";
import { findLink, startTestSmtpServer, type TestSmtpServer } from "@chatwright/mail/testing";
import { buildApp } from "../src/app";

const WEBHOOK_SECRET = "whsec_test_secret";
const APP = "https://app.chatwright.test";
let db: MigratedTestDatabase;
let smtp: TestSmtpServer;
let mail: ReturnType<typeof createTestMail>;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startTestSmtpServer();
  mail = createTestMail(smtp.url, APP);
  const billing = createStripeBilling({
    secretKey: "sk_test_unused",
    webhookSecret: WEBHOOK_SECRET,
    prices: { STARTER: "price_starter", PRO: "price_pro" },
    publicUrl: APP,
    api: { host: "127.0.0.1", port: 9, protocol: "http" },
  });
  app = await buildApp({ services: createTestServices(db, { billing, mail }), databaseKind: db.kind, dashboardDir: "/nonexistent", logLevel: "silent" });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app.close();
  mail.close();
  await smtp.close();
  await db.close();
});

async function deliver(id: string, type: string, object: Record<string, unknown>) {
  const payload = JSON.stringify({ id, object: "event", type, api_version: Stripe.API_VERSION, created: 1_795_000_000, livemode: false, data: { object } });
  const response = await fetch(`${base}/stripe/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
    body: payload,
  });
  return (await response.json()) as unknown;
}

describe("a failed payment", () => {
  it("emails the workspace's owners (not its agents) a link to Billing, once per event", async () => {
    const services = createTestServices(db, { mail });
    const owner = createTestBrowser(services);
    const { workspaceId } = await owner.caller.auth.signUp({ email: "payer@shop.test", password: "payer password 1", name: "Pat", workspaceName: "Pat's Pots" });
    const invitation = await owner.caller.workspaces.invite({ workspaceId, email: "helper@shop.test", role: "AGENT" });
    const helper = createTestBrowser(services);
    await helper.caller.auth.signUp({ email: "helper@shop.test", password: "helper password 1", name: "Hal" });
    await helper.caller.workspaces.acceptInvitation({ token: invitation.token });
    await db.prisma.workspace.update({ where: { id: workspaceId }, data: { plan: "PRO", stripeCustomerId: "cus_pat", stripeSubscriptionId: "sub_pat", subscriptionStatus: "active" } });

    const invoice = { id: "in_pat", object: "invoice", customer: "cus_pat", parent: { type: "subscription_details", subscription_details: { subscription: "sub_pat" } } };
    await expect(deliver("evt_failed_1", "invoice.payment_failed", invoice)).resolves.toEqual({ received: true, outcome: "applied" });
    const received = await smtp.waitForMail((m) => m.subject === "Payment failed for Pat's Pots");
    expect(received.to).toEqual(["payer@shop.test"]);
    const link = findLink(received, APP);
    expect(link).toBe(`${APP}/w/${workspaceId}/billing`);
    // The link's page: the owner's billing status shows the failed payment.
    await expect(owner.caller.billing.status({ workspaceId })).resolves.toMatchObject({ plan: "PRO", subscriptionStatus: "past_due" });

    await expect(deliver("evt_failed_1", "invoice.payment_failed", invoice)).resolves.toEqual({ received: true, outcome: "duplicate" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received.filter((m) => m.subject.startsWith("Payment failed"))).toHaveLength(1);
    expect(mail.errors).toEqual([]);
  });
});
