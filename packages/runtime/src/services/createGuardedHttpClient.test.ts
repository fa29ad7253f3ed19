import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuardedHttpClient, createGuardedLookup, isPrivateAddress, type ResolveHostname } from "./createGuardedHttpClient";

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

  it("refuses this machine's own interface addresses, public-looking ones included, named or literal", async () => {
    // The addresses this test runs on (a cloud VM's public address is one of them), loopback aside.
    const own = Object.values(os.networkInterfaces())
      .flat()
      .filter((entry) => entry !== undefined && !entry.internal)
      .map((entry) => entry?.address ?? "");
    const resolveTo = (address: string): ResolveHostname => (_hostname, _options, callback) => callback(null, [{ address, family: address.includes(":") ? 6 : 4 }]);
    for (const address of own) {
      const guarded = createGuardedHttpClient({ allowPrivate: false, resolve: resolveTo(address) });
      await expect(guarded({ method: "GET", url: "http://orders.shop.test/status", headers: {}, timeoutMs: 1000 }), address).rejects.toThrow(/private or local/);
    }
    // And public-looking ones, as a cloud VM's own address is, whatever this machine has.
    const ownAddresses = () => [...own, "203.0.113.44", "2001:db8::44"];
    for (const address of ownAddresses()) {
      const guarded = createGuardedHttpClient({ allowPrivate: false, resolve: resolveTo(address), ownAddresses });
      await expect(guarded({ method: "GET", url: "http://orders.shop.test/status", headers: {}, timeoutMs: 1000 }), address).rejects.toThrow(/private or local/);
      const literal = address.includes(":") ? `[${address.replace(/%.*$/, "")}]` : address;
      await expect(guarded({ method: "GET", url: `http://${literal}:9/`, headers: {}, timeoutMs: 1000 }), literal).rejects.toThrow(/private or local/);
    }
    // Written another way (IPv4-mapped IPv6, zeros spelled out), it is the same address.
    const resolveMapped: ResolveHostname = (_hostname, _options, callback) => callback(null, [{ address: "::ffff:203.0.113.44", family: 6 }]);
    await expect(createGuardedHttpClient({ allowPrivate: false, resolve: resolveMapped, ownAddresses })({ method: "GET", url: "http://a.test/", headers: {}, timeoutMs: 1000 })).rejects.toThrow(/private or local/);
    await expect(createGuardedHttpClient({ allowPrivate: false, ownAddresses })({ method: "GET", url: "http://[2001:db8:0:0::44]/", headers: {}, timeoutMs: 1000 })).rejects.toThrow(/private or local/);
  });

  it("asks for the machine's addresses on every call, so an address added later is refused too", async () => {
    const interfaces = { eth0: [{ address: "198.51.100.7", family: "IPv4" }] };
    const resolve: ResolveHostname = (_hostname, _options, callback) => callback(null, [{ address: "198.51.100.9", family: 4 }]);
    const lookup = createGuardedLookup({ allowPrivate: false, resolve, ownAddresses: () => Object.values(interfaces).flat().map((entry) => entry.address) });
    const first = await new Promise((done) => lookup("api.test", { all: false }, (error, address) => done(error ?? address)));
    expect(first).toBe("198.51.100.9");
    interfaces.eth0.push({ address: "198.51.100.9", family: "IPv4" });
    const second = await new Promise((done) => lookup("api.test", { all: false }, (error, address) => done(error ?? address)));
    expect(second).toMatchObject({ message: expect.stringMatching(/private or local/) });
  });

  it("lets a genuinely external address through (the socket then tries to connect to it)", async () => {
    const resolve: ResolveHostname = (_hostname, _options, callback) => callback(null, [{ address: "203.0.113.44", family: 4 }]);
    const lookup = createGuardedLookup({ allowPrivate: false, resolve, ownAddresses: () => ["192.0.2.2"] });
    const resolved = await new Promise((done) => lookup("api.partner.test", { all: true }, (error, addresses) => done(error ?? addresses)));
    expect(resolved).toEqual([{ address: "203.0.113.44", family: 4 }]);
    // Whether anything answers there depends on the network this runs on; the guard must not be what stops it.
    const guarded = createGuardedHttpClient({ allowPrivate: false, resolve, ownAddresses: () => ["192.0.2.2"] });
    const outcome = await guarded({ method: "GET", url: "http://api.partner.test/", headers: {}, timeoutMs: 300 }).then(
      (response) => `answered ${response.status}`,
      (error: unknown) => String(error),
    );
    expect(outcome).not.toMatch(/private or local/);
  });

  it("with HTTP_NODE_ALLOW_PRIVATE, this machine's addresses are allowed too", async () => {
    const resolve: ResolveHostname = (_hostname, _options, callback) => callback(null, [{ address: "127.0.0.1", family: 4 }]);
    const client = createGuardedHttpClient({ allowPrivate: true, resolve, ownAddresses: () => ["127.0.0.1"] });
    await expect(client({ method: "GET", url: `http://self.test:${new URL(base).port}/order/42`, headers: {}, timeoutMs: 1000 })).resolves.toMatchObject({ status: 200 });
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
