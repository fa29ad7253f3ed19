import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
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

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return privateAddresses.check(mapped[1], "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return privateAddresses.check(address, family === 4 ? "ipv4" : "ipv6");
}

export class HttpNodeError extends Error {
  override name = "HttpNodeError";
}

export interface GuardedHttpClientOptions {
  /** Tests and self-hosted setups calling their own services: HTTP_NODE_ALLOW_PRIVATE=1. */
  allowPrivate: boolean;
  maxResponseBytes?: number;
}

/**
 * The http node's client. The address check runs inside the socket's DNS
 * lookup, so the address that is checked is the one connected to (no DNS
 * rebinding between check and connect).
 */
export function createGuardedHttpClient(options: GuardedHttpClientOptions): (request: HttpRequest) => Promise<HttpResponse> {
  const maxBytes = options.maxResponseBytes ?? 512 * 1024;
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const allowed = options.allowPrivate ? addresses : addresses.filter((a) => !isPrivateAddress(a.address));
      if (allowed.length === 0) {
        return callback(new HttpNodeError(`Refused to call ${hostname}: it resolves to a private or local address.`), "", 0);
      }
      if (lookupOptions.all) return callback(null, allowed);
      const first = allowed[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };

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
      if (isIP(literal) && !options.allowPrivate && isPrivateAddress(literal)) {
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
