import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { getConfig } from "@/lib/config";

// Outbound HTTP to a server a maintainer configured (the Sentry API), made safe as GitLab
// guards its integrations (SPEC §7): http(s) only; link-local and cloud-metadata addresses
// always refused; loopback and private networks refused unless FAULTLINE_ALLOW_LOCAL_NETWORK.
// The check runs on every address the host resolves to, inside the connection's own DNS
// lookup, so the address checked is the address connected to (no rebinding in between).
// Redirects are never followed.

export type RefusalReason = "link-local" | "metadata" | "unspecified" | "local-network";

export type AddressCheck = { ok: true } | { ok: false; reason: RefusalReason };

export type OutboundFailure =
  | { kind: "invalid-url" }
  | { kind: "blocked-address"; reason: RefusalReason }
  /** DNS failed, or nothing listens there (refused, unreachable network). */
  | { kind: "unreachable"; code: string | null }
  | { kind: "tls"; code: string | null }
  | { kind: "timeout"; afterMs: number }
  | { kind: "redirect"; status: number }
  | { kind: "too-large"; limitBytes: number }
  /** The connection was closed before a whole answer arrived. */
  | { kind: "connection-closed" };

export interface OutboundRequest {
  url: string | URL;
  method: "GET" | "PUT" | "POST" | "DELETE";
  headers?: Record<string, string>;
  body?: string;
  /** For the whole exchange, connecting included. */
  timeoutMs: number;
  maxResponseBytes: number;
  /** Defaults to FAULTLINE_ALLOW_LOCAL_NETWORK. */
  allowLocalNetwork?: boolean;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type OutboundResult = { ok: true; value: OutboundResponse } | { ok: false; error: OutboundFailure };

function subnets(entries: Array<[string, number, "ipv4" | "ipv6"]>): net.BlockList {
  const list = new net.BlockList();
  for (const [address, prefix, family] of entries) list.addSubnet(address, prefix, family);
  return list;
}

// net.BlockList matches IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) against the IPv4 rules.
const METADATA = subnets([
  ["169.254.169.254", 32, "ipv4"],
  ["100.100.100.200", 32, "ipv4"],
  ["fd00:ec2::254", 128, "ipv6"],
]);
const LINK_LOCAL = subnets([
  ["169.254.0.0", 16, "ipv4"],
  ["fe80::", 10, "ipv6"],
]);
const UNSPECIFIED = subnets([
  ["0.0.0.0", 8, "ipv4"],
  ["::", 128, "ipv6"],
]);
const LOCAL_NETWORK = subnets([
  ["127.0.0.0", 8, "ipv4"],
  ["10.0.0.0", 8, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["100.64.0.0", 10, "ipv4"],
  ["::1", 128, "ipv6"],
  ["fc00::", 7, "ipv6"],
]);
const METADATA_HOSTNAMES = new Set(["metadata.google.internal"]);

/** Whether an outbound connection may go to this IP address. */
export function checkAddress(address: string, allowLocalNetwork: boolean): AddressCheck {
  const family = net.isIP(address);
  if (family === 0) return { ok: false, reason: "unspecified" };
  const type = family === 4 ? "ipv4" : "ipv6";
  if (METADATA.check(address, type)) return { ok: false, reason: "metadata" };
  if (LINK_LOCAL.check(address, type)) return { ok: false, reason: "link-local" };
  if (UNSPECIFIED.check(address, type)) return { ok: false, reason: "unspecified" };
  if (!allowLocalNetwork && LOCAL_NETWORK.check(address, type)) return { ok: false, reason: "local-network" };
  return { ok: true };
}

/** An http(s) URL, or null. */
export function parseOutboundUrl(raw: string | URL): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.hostname === "") return null;
  return url;
}

class RefusedAddressError extends Error {
  constructor(readonly reason: RefusalReason) {
    super("refused outbound address");
  }
}

function guardedLookup(allowLocalNetwork: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      if (addresses.length === 0) {
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
      }
      for (const { address } of addresses) {
        const check = checkAddress(address, allowLocalNetwork);
        if (!check.ok) return callback(new RefusedAddressError(check.reason), "", 0);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

const UNREACHABLE_CODES = new Set([
  "ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME", "ECONNREFUSED", "EHOSTUNREACH",
  "ENETUNREACH", "EHOSTDOWN", "ENETDOWN", "EADDRNOTAVAIL", "ETIMEDOUT",
]);
const CLOSED_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE"]);

function isTlsCode(code: string): boolean {
  return (
    code === "EPROTO" ||
    code.startsWith("ERR_TLS") ||
    code.startsWith("ERR_SSL") ||
    code.startsWith("CERT_") ||
    code.startsWith("UNABLE_TO_") ||
    code === "DEPTH_ZERO_SELF_SIGNED_CERT" ||
    code === "SELF_SIGNED_CERT_IN_CHAIN" ||
    code === "HOSTNAME_MISMATCH" ||
    code === "ERR_TLS_CERT_ALTNAME_INVALID"
  );
}

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  const own = (error as { code?: unknown })?.code;
  if (typeof own === "string") codes.push(own);
  // With happy eyeballs, a failure to connect to every address arrives as an AggregateError.
  if (error instanceof AggregateError) for (const inner of error.errors) codes.push(...codesOf(inner));
  return codes;
}

function classifyError(error: unknown): OutboundFailure {
  if (error instanceof RefusedAddressError) return { kind: "blocked-address", reason: error.reason };
  const codes = codesOf(error);
  const tls = codes.find(isTlsCode);
  if (tls) return { kind: "tls", code: tls };
  const unreachable = codes.find((code) => UNREACHABLE_CODES.has(code));
  if (unreachable) return { kind: "unreachable", code: unreachable };
  if (codes.some((code) => CLOSED_CODES.has(code)) || (error instanceof Error && /socket hang up|aborted/i.test(error.message))) {
    return { kind: "connection-closed" };
  }
  return { kind: "unreachable", code: codes[0] ?? null };
}

/** One request, without following redirects; every expected failure is a value. */
export function sendOutboundRequest(request: OutboundRequest): Promise<OutboundResult> {
  const url = parseOutboundUrl(request.url);
  if (!url) return Promise.resolve({ ok: false, error: { kind: "invalid-url" } });
  const allowLocalNetwork = request.allowLocalNetwork ?? getConfig().allowLocalNetwork;

  const host = url.hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
  if (METADATA_HOSTNAMES.has(host)) return Promise.resolve({ ok: false, error: { kind: "blocked-address", reason: "metadata" } });
  // A literal address is connected to without a lookup, so it is checked here.
  if (net.isIP(host) !== 0) {
    const check = checkAddress(host, allowLocalNetwork);
    if (!check.ok) return Promise.resolve({ ok: false, error: { kind: "blocked-address", reason: check.reason } });
  }

  return new Promise<OutboundResult>((resolve) => {
    let settled = false;
    const finish = (result: OutboundResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };

    const transport = url.protocol === "https:" ? https : http;
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(request.body));
    const outgoing = transport.request(url, {
      method: request.method,
      headers,
      lookup: guardedLookup(allowLocalNetwork),
      // A fresh connection per request: a pooled socket must not outlive the policy that admitted it.
      agent: false,
    });

    const fail = (error: unknown) => finish({ ok: false, error: classifyError(error) });
    const abandon = (failure: OutboundFailure) => {
      finish({ ok: false, error: failure });
      outgoing.destroy();
    };
    const deadline = setTimeout(() => abandon({ kind: "timeout", afterMs: request.timeoutMs }), request.timeoutMs);
    outgoing.on("error", fail);

    outgoing.on("response", (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        abandon({ kind: "redirect", status });
        return;
      }
      const declared = Number(response.headers["content-length"]);
      if (Number.isFinite(declared) && declared > request.maxResponseBytes) {
        abandon({ kind: "too-large", limitBytes: request.maxResponseBytes });
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      response.on("data", (chunk: Buffer) => {
        received += chunk.byteLength;
        if (received > request.maxResponseBytes) {
          abandon({ kind: "too-large", limitBytes: request.maxResponseBytes });
          return;
        }
        chunks.push(chunk);
      });
      response.on("error", fail);
      response.on("aborted", () => fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" })));
      response.on("end", () => {
        if (!response.complete) return fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
        finish({ ok: true, value: { status, headers: response.headers, body: Buffer.concat(chunks) } });
      });
    });

    outgoing.end(request.body);
  });
}
