import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeStripeRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  /** The form body the SDK sent, flattened as Stripe encodes it (`line_items[0][price]`). */
  form: Record<string, string>;
}

export interface FakeStripe {
  /** For createStripeBilling's `api` option. */
  api: { host: string; port: number; protocol: "http" };
  requests: FakeStripeRequest[];
  /** The next calls answer with this HTTP status and a Stripe-shaped error. */
  failNext(status: number, message: string): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for the two Stripe endpoints Chatwright calls: creating a
 * Checkout session and a billing portal session. It records what the SDK sent
 * and answers like Stripe does (JSON objects with a `url`). Never the network.
 */
export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: FakeStripeRequest[] = [];
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
      return send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method} ${path}).` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api: { host: "127.0.0.1", port, protocol: "http" },
    requests,
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
