import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuardedHttpClient, isPrivateAddress } from "./createGuardedHttpClient";

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/order/42") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ order: { status: "shipped" } }));
    } else if (req.url === "/slow") {
      setTimeout(() => res.end("late"), 2000);
    } else if (req.url === "/big") {
      res.end("x".repeat(10_000));
    } else if (req.url === "/echo") {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => res.end(`${req.method} ${body}`));
    } else {
      res.statusCode = 404;
      res.end("no");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("guarded http client", () => {
  it("classifies addresses", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "0.0.0.0"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"]) expect(isPrivateAddress(a), a).toBe(false);
  });

  it("refuses loopback, private and metadata targets unless allowed, without sending anything", async () => {
    const guarded = createGuardedHttpClient({ allowPrivate: false });
    await expect(guarded({ method: "GET", url: `${base}/order/42`, headers: {}, timeoutMs: 1000 })).rejects.toThrow(/private or local/);
    await expect(guarded({ method: "GET", url: "http://169.254.169.254/latest/meta-data", headers: {}, timeoutMs: 1000 })).rejects.toThrow(/private or local/);
    await expect(guarded({ method: "GET", url: "http://localhost:9/", headers: {}, timeoutMs: 1000 })).rejects.toThrow(/private or local/);
    await expect(guarded({ method: "GET", url: "file:///etc/passwd", headers: {}, timeoutMs: 1000 })).rejects.toThrow(/Only http and https/);
  });

  it("calls an allowed target and parses JSON", async () => {
    const client = createGuardedHttpClient({ allowPrivate: true });
    await expect(client({ method: "GET", url: `${base}/order/42`, headers: {}, timeoutMs: 1000 })).resolves.toEqual({ status: 200, body: { order: { status: "shipped" } } });
    await expect(client({ method: "POST", url: `${base}/echo`, headers: {}, body: "hello", timeoutMs: 1000 })).resolves.toEqual({ status: 200, body: "POST hello" });
    await expect(client({ method: "GET", url: `${base}/missing`, headers: {}, timeoutMs: 1000 })).resolves.toMatchObject({ status: 404 });
  });

  it("times out and limits the response size", async () => {
    const client = createGuardedHttpClient({ allowPrivate: true, maxResponseBytes: 1000 });
    await expect(client({ method: "GET", url: `${base}/slow`, headers: {}, timeoutMs: 200 })).rejects.toThrow(/No answer within 200 ms/);
    await expect(client({ method: "GET", url: `${base}/big`, headers: {}, timeoutMs: 1000 })).rejects.toThrow(/larger than 1000 bytes/);
  });
});
