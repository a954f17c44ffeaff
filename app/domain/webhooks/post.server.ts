import dns, { type LookupAddress, type LookupAllOptions, type LookupOneOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

// Posts one webhook delivery. Where private addresses are refused (production, unless an ERP on the same private
// network is allowed), the check runs on the address the connection is really made to — every address the name
// resolves to at send time, and literal addresses — so a public name that later resolves to this network
// (DNS rebinding) is refused too. Redirects are never followed.

const PRIVATE = new net.BlockList();
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
  PRIVATE.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 96], // unspecified, loopback and the deprecated IPv4-compatible addresses
  ["100::", 64], // discard
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv6");
}

/** Loopback, private, link-local, shared (CGNAT), multicast or reserved — not somewhere on the internet. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return PRIVATE.check(address, "ipv4");
  if (family !== 6) return true;
  // NAT64 (RFC 6052, 64:ff9b::/96) carries an IPv4 address in its last 32 bits: that address decides.
  const nat64 = /^64:ff9b::(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (nat64) {
    const v4 = nat64[1] ?? [nat64[2]!, nat64[3]!].flatMap((h) => [parseInt(h, 16) >> 8, parseInt(h, 16) & 255]).join(".");
    return PRIVATE.check(v4, "ipv4");
  }
  // IPv4-mapped addresses (::ffff:a.b.c.d, also written in hex) are checked against the IPv4 rules by BlockList.
  return PRIVATE.check(address, "ipv6");
}

export class PrivateAddressError extends Error {
  code = "EPRIVATE";
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup, refusing a name any of whose addresses is private. */
function guardedLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused || addresses.length === 0) return callback(new PrivateAddressError(`${hostname} resolves to a private address (${refused?.address ?? "none"})`), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** POSTs `body` and resolves to the answer's status (the answer's body is discarded). */
export function postWebhook(url: string, options: { headers: Record<string, string>; body: string; timeoutMs: number; allowPrivate: boolean }): Promise<number> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, "");
  if (!options.allowPrivate && net.isIP(host) && isPrivateAddress(host)) return Promise.reject(new PrivateAddressError(`${host} is a private address`));
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { ...options.headers, "Content-Length": String(Buffer.byteLength(options.body)) },
        timeout: options.timeoutMs,
        ...(options.allowPrivate ? {} : { lookup: guardedLookup as unknown as typeof dns.lookup }),
      },
      (response) => {
        response.resume();
        clearTimeout(deadline);
        resolve(response.statusCode ?? 0);
      },
    );
    // The socket's idle timeout, and a deadline for the whole exchange.
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on("timeout", () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on("error", (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.end(options.body);
  });
}
