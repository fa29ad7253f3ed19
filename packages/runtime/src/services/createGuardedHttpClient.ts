import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import os from "node:os";
import type { HttpRequest, HttpResponse } from "@chatwright/flow";

/** Addresses a flow's http node must never reach: this machine, its network, cloud metadata. */
const privateAddresses = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  privateAddresses.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  privateAddresses.addSubnet(network, prefix, "ipv6");
}

/** An address as BlockList checks it: IPv4-mapped IPv6 as the IPv4 address, an IPv6 zone dropped; null when it is not an IP address. */
function toCheckedAddress(address: string): { address: string; type: "ipv4" | "ipv6" } | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], type: "ipv4" };
  const unzoned = address.replace(/%.*$/, "");
  const family = isIP(unzoned);
  if (family === 0) return null;
  return { address: unzoned, type: family === 4 ? "ipv4" : "ipv6" };
}

export function isPrivateAddress(address: string): boolean {
  const checked = toCheckedAddress(address);
  return checked === null || privateAddresses.check(checked.address, checked.type);
}

/** Every address of this machine's network interfaces (a VM's public address among them). */
function listOwnAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((entries) => (entries ?? []).map((entry) => entry.address));
}

/** Private and local ranges, and this machine's own addresses however they are written. */
function isForbiddenAddress(address: string, ownAddresses: readonly string[]): boolean {
  if (isPrivateAddress(address)) return true;
  const own = new BlockList();
  for (const ownAddress of ownAddresses) {
    const checked = toCheckedAddress(ownAddress);
    if (checked) own.addAddress(checked.address, checked.type);
  }
  const checked = toCheckedAddress(address);
  return checked === null || own.check(checked.address, checked.type);
}

export class HttpNodeError extends Error {
  override name = "HttpNodeError";
}

/** dns.lookup with `all: true`, as the guard calls it; tests resolve names to the addresses they choose. */
export type ResolveHostname = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

export interface GuardedHttpClientOptions {
  /** Tests and self-hosted setups calling their own services (this machine's addresses included): HTTP_NODE_ALLOW_PRIVATE=1. */
  allowPrivate: boolean;
  maxResponseBytes?: number;
  /** Default: the system resolver (dns.lookup). */
  resolve?: ResolveHostname;
  /**
   * This machine's addresses, asked for on every call (an interface can get
   * an address after start-up; reading them takes microseconds). Default:
   * every network interface's.
   */
  ownAddresses?: () => readonly string[];
}

/**
 * The socket's DNS lookup: resolves the name, then keeps only addresses the
 * http node may reach, so the address checked is the one connected to (no
 * DNS rebinding between check and connect).
 */
export function createGuardedLookup(options: Omit<GuardedHttpClientOptions, "maxResponseBytes">): LookupFunction {
  const resolve: ResolveHostname = options.resolve ?? ((hostname, lookupOptions, callback) => dnsLookup(hostname, lookupOptions, callback));
  const ownAddresses = options.ownAddresses ?? listOwnAddresses;
  return (hostname, lookupOptions, callback) => {
    resolve(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const own = options.allowPrivate ? [] : ownAddresses();
      const allowed = options.allowPrivate ? addresses : addresses.filter((a) => !isForbiddenAddress(a.address, own));
      if (allowed.length === 0) {
        return callback(new HttpNodeError(`Refused to call ${hostname}: it resolves to a private or local address.`), "", 0);
      }
      if (lookupOptions.all) return callback(null, allowed);
      const first = allowed[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * The http node's client: refuses loopback, private and link-local ranges,
 * cloud metadata and every address of this machine's own interfaces (a VM's
 * public address reaches its own services as surely as 127.0.0.1), checked in
 * the socket's DNS lookup (see createGuardedLookup) and for literal addresses.
 */
export function createGuardedHttpClient(options: GuardedHttpClientOptions): (request: HttpRequest) => Promise<HttpResponse> {
  const maxBytes = options.maxResponseBytes ?? 512 * 1024;
  const guardedLookup = createGuardedLookup(options);
  const ownAddresses = options.ownAddresses ?? listOwnAddresses;

  return (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        reject(new HttpNodeError(`"${request.url}" is not a valid URL.`));
        return;
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        reject(new HttpNodeError(`Only http and https URLs can be called, not ${url.protocol}`));
        return;
      }
      const literal = url.hostname.replace(/^\[|\]$/g, "");
      if (isIP(literal) && !options.allowPrivate && isForbiddenAddress(literal, ownAddresses())) {
        reject(new HttpNodeError(`Refused to call ${literal}: it is a private or local address.`));
        return;
      }
      const transport = url.protocol === "https:" ? https : http;
      const outgoing = transport.request(
        url,
        {
          method: request.method,
          headers: { accept: "application/json, text/plain;q=0.9", ...request.headers },
          lookup: guardedLookup,
          timeout: request.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          let isTooLarge = false;
          response.on("data", (chunk: Buffer) => {
            if (isTooLarge) return;
            size += chunk.length;
            if (size > maxBytes) {
              isTooLarge = true;
              reject(new HttpNodeError(`The response was larger than ${maxBytes} bytes.`));
              outgoing.destroy();
              return;
            }
            chunks.push(chunk);
          });
          response.on("end", () => {
            if (isTooLarge) return;
            const text = Buffer.concat(chunks).toString("utf8");
            const isJson = (response.headers["content-type"] ?? "").includes("json");
            let body: unknown = text;
            if (isJson) {
              try {
                body = JSON.parse(text);
              } catch {
                body = text;
              }
            }
            resolve({ status: response.statusCode ?? 0, body });
          });
          response.on("error", reject);
        },
      );
      const deadline = setTimeout(() => outgoing.destroy(new HttpNodeError(`No answer within ${request.timeoutMs} ms.`)), request.timeoutMs);
      outgoing.on("timeout", () => outgoing.destroy(new HttpNodeError(`No answer within ${request.timeoutMs} ms.`)));
      outgoing.on("error", (error) => {
        clearTimeout(deadline);
        reject(error);
      });
      outgoing.on("close", () => clearTimeout(deadline));
      if (request.body !== undefined) outgoing.write(request.body);
      outgoing.end();
    });
}
