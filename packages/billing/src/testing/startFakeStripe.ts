import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeStripeRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  /** The form body the SDK sent, flattened as Stripe encodes it (`line_items[0][price]`). */
  form: Record<string, string>;
}

/** A subscription as the stand-in holds it: what GET /v1/subscriptions/:id answers now. */
export interface FakeSubscription {
  id: string;
  customer: string;
  status: string;
  price: string;
  metadata?: Record<string, string>;
}

export interface FakeStripe {
  /** For createStripeBilling's `api` option. */
  api: { host: string; port: number; protocol: "http" };
  requests: FakeStripeRequest[];
  /** Sets Stripe's current state of a subscription (what a retrieve answers, whatever events say). */
  setSubscription(subscription: FakeSubscription): void;
  /** The subscription as the stand-in holds it now (after a plan change through the API, say). */
  subscription(id: string): FakeSubscription | undefined;
  /** A charge's customer, for disputes (which name only the charge). */
  setCharge(charge: { id: string; customer: string }): void;
  /** The next calls answer with this HTTP status and a Stripe-shaped error. */
  failNext(status: number, message: string): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for the Stripe endpoints Chatwright calls: Checkout and
 * billing portal sessions, retrieving and updating a subscription, previewing
 * a plan change's prorated invoice, retrieving a charge. It records what the
 * SDK sent and answers like Stripe does. Never the network.
 */

/** Monthly prices the stand-in knows, in cents (the tests' price ids). */
const PRICE_CENTS: Record<string, number> = { price_starter: 1000, price_pro: 2900 };

function subscriptionObject(subscription: FakeSubscription) {
  return {
    id: subscription.id,
    object: "subscription",
    customer: subscription.customer,
    status: subscription.status,
    items: { object: "list", data: [{ id: `si_${subscription.id}`, object: "subscription_item", price: { id: subscription.price, object: "price" } }] },
    metadata: subscription.metadata ?? {},
  };
}
export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: FakeStripeRequest[] = [];
  const subscriptions = new Map<string, FakeSubscription>();
  const charges = new Map<string, { id: string; customer: string }>();
  let failure: { status: number; message: string } | null = null;
  let counter = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const path = (req.url ?? "").split("?")[0] ?? "";
      requests.push({ method: req.method ?? "", path, authorization: req.headers.authorization, form: Object.fromEntries(new URLSearchParams(body)) });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json", "request-id": `req_fake_${counter}` });
        res.end(JSON.stringify(payload));
      };
      counter += 1;
      if (failure) {
        const { status, message } = failure;
        failure = null;
        return send(status, { error: { type: "api_error", message } });
      }
      if (req.method === "POST" && path === "/v1/checkout/sessions") {
        const id = `cs_test_fake${counter}`;
        return send(200, { id, object: "checkout.session", mode: "subscription", url: `https://checkout.stripe.test/c/pay/${id}` });
      }
      if (req.method === "POST" && path === "/v1/billing_portal/sessions") {
        const id = `bps_fake${counter}`;
        return send(200, { id, object: "billing_portal.session", url: `https://billing.stripe.test/p/session/${id}` });
      }
      const missing = (what: string, id: string) => send(404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${what}: '${id}'` } });
      const subscriptionPath = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
      if (subscriptionPath?.[1]) {
        const id = decodeURIComponent(subscriptionPath[1]);
        const subscription = subscriptions.get(id);
        if (!subscription) return missing("subscription", id);
        if (req.method === "POST") {
          const form = Object.fromEntries(new URLSearchParams(body));
          const price = form["items[0][price]"];
          if (price) subscriptions.set(id, { ...subscription, price });
        }
        return send(200, subscriptionObject(subscriptions.get(id) ?? subscription));
      }
      if (req.method === "POST" && path === "/v1/invoices/create_preview") {
        const form = Object.fromEntries(new URLSearchParams(body));
        const subscription = subscriptions.get(form["subscription"] ?? "");
        const newPrice = form["subscription_details[items][0][price]"] ?? "";
        if (!subscription) return missing("subscription", form["subscription"] ?? "");
        // Half a month left: the unused half of the old price back, the new price's remaining half charged.
        const unused = -Math.round((PRICE_CENTS[subscription.price] ?? 0) / 2);
        const remaining = Math.round((PRICE_CENTS[newPrice] ?? 0) / 2);
        return send(200, {
          object: "invoice",
          currency: "usd",
          amount_due: Math.max(0, unused + remaining),
          total: unused + remaining,
          lines: {
            object: "list",
            data: [
              { object: "line_item", amount: unused, description: `Unused time on ${subscription.price} after 16 Dec 2026` },
              { object: "line_item", amount: remaining, description: `Remaining time on ${newPrice} after 16 Dec 2026` },
            ],
          },
        });
      }
      const chargePath = /^\/v1\/charges\/([^/]+)$/.exec(path);
      if (req.method === "GET" && chargePath?.[1]) {
        const charge = charges.get(decodeURIComponent(chargePath[1]));
        return charge ? send(200, { id: charge.id, object: "charge", customer: charge.customer }) : missing("charge", chargePath[1]);
      }
      return send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method} ${path}).` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api: { host: "127.0.0.1", port, protocol: "http" },
    requests,
    setSubscription(subscription) {
      subscriptions.set(subscription.id, subscription);
    },
    subscription: (id) => subscriptions.get(id),
    setCharge(charge) {
      charges.set(charge.id, charge);
    },
    failNext(status, message) {
      failure = { status, message };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
