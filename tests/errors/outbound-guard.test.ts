import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAddress, parseOutboundUrl, sendOutboundRequest, type OutboundRequest } from "@/lib/errors/outbound-guard";

describe("which addresses an outbound connection may reach", () => {
  const always: Array<[string, string]> = [
    ["169.254.169.254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["::ffff:169.254.169.254", "metadata"],
    ["::ffff:a9fe:a9fe", "metadata"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["febf::1", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
  ];
  it.each(always)("%s is always refused (%s)", (address, reason) => {
    expect(checkAddress(address, false)).toEqual({ ok: false, reason });
    expect(checkAddress(address, true)).toEqual({ ok: false, reason });
  });

  const local = [
    "127.0.0.1", "127.255.0.9", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.1.1",
    "100.64.0.1", "100.127.255.254", "::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:7f00:1",
    "::ffff:10.1.2.3", "::ffff:c0a8:101",
  ];
  it.each(local)("%s is refused unless local networks are allowed", (address) => {
    expect(checkAddress(address, false)).toEqual({ ok: false, reason: "local-network" });
    expect(checkAddress(address, true)).toEqual({ ok: true });
  });

  const publicAddresses = ["93.184.215.14", "172.32.0.1", "172.15.255.255", "100.128.0.1", "192.169.0.1", "2606:4700::1111", "::ffff:93.184.215.14", "fec0::1"];
  it.each(publicAddresses)("%s is allowed", (address) => {
    expect(checkAddress(address, false)).toEqual({ ok: true });
  });

  it("something that is not an address is refused", () => {
    expect(checkAddress("sentry.io", true).ok).toBe(false);
  });
});

describe("which URLs may be requested", () => {
  it.each(["http://sentry.example.com", "https://sentry.io/api/0/", "https://[2606:4700::1111]:8443/"])("%s is accepted", (url) => {
    expect(parseOutboundUrl(url)).not.toBeNull();
  });
  it.each(["ftp://sentry.io", "file:///etc/passwd", "gopher://sentry.io", "javascript:alert(1)", "sentry.io", "http://"])("%s is refused", (url) => {
    expect(parseOutboundUrl(url)).toBeNull();
  });
});

describe("sending a request", () => {
  let server: http.Server;
  let port: number;
  const hits: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? "");
      if (req.url === "/redirect") {
        res.writeHead(302, { Location: `http://127.0.0.1:${port}/elsewhere` });
        res.end();
      } else if (req.url === "/slow") {
        setTimeout(() => res.end("late"), 2_000).unref();
      } else if (req.url === "/big") {
        res.writeHead(200);
        for (let i = 0; i < 64; i++) res.write(Buffer.alloc(1024, 120));
        res.end();
      } else {
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.end(`${req.method} ${req.headers["x-test"] ?? ""}`);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const send = (url: string, more: Partial<OutboundRequest> = {}) =>
    sendOutboundRequest({ url, method: "GET", timeoutMs: 1_000, maxResponseBytes: 10_000, allowLocalNetwork: true, ...more });

  it("reaches a loopback server when local networks are allowed", async () => {
    const result = await send(`http://127.0.0.1:${port}/ok`, { headers: { "X-Test": "yes" } });
    expect(result.ok && result.value.status).toBe(200);
    expect(result.ok && result.value.body.toString()).toBe("GET yes");
  });

  it("refuses a loopback address given literally, before connecting", async () => {
    hits.length = 0;
    expect(await send(`http://127.0.0.1:${port}/ok`, { allowLocalNetwork: false })).toEqual({
      ok: false,
      error: { kind: "blocked-address", reason: "local-network" },
    });
    expect(await send(`http://[::ffff:127.0.0.1]:${port}/ok`, { allowLocalNetwork: false })).toEqual({
      ok: false,
      error: { kind: "blocked-address", reason: "local-network" },
    });
    expect(hits).toEqual([]);
  });

  it("checks the address a host name resolves to when connecting", async () => {
    hits.length = 0;
    // `localhost` is not an address; the lookup made for the connection resolves it to loopback.
    expect(await send(`http://localhost:${port}/ok`, { allowLocalNetwork: false })).toEqual({
      ok: false,
      error: { kind: "blocked-address", reason: "local-network" },
    });
    expect(hits).toEqual([]);
    const allowed = await send(`http://localhost:${port}/ok`);
    expect(allowed.ok).toBe(true);
  });

  it("always refuses cloud metadata, by address and by name", async () => {
    expect(await send("http://169.254.169.254/latest/meta-data/")).toEqual({ ok: false, error: { kind: "blocked-address", reason: "metadata" } });
    expect(await send("http://metadata.google.internal/computeMetadata/v1/")).toEqual({
      ok: false,
      error: { kind: "blocked-address", reason: "metadata" },
    });
    expect(await send("http://[fd00:ec2::254]/")).toEqual({ ok: false, error: { kind: "blocked-address", reason: "metadata" } });
    expect(await send("http://0.0.0.0:1/")).toEqual({ ok: false, error: { kind: "blocked-address", reason: "unspecified" } });
  });

  it("refuses a URL that is not http(s)", async () => {
    expect(await send("file:///etc/passwd")).toEqual({ ok: false, error: { kind: "invalid-url" } });
  });

  it("does not follow a redirect", async () => {
    hits.length = 0;
    expect(await send(`http://127.0.0.1:${port}/redirect`)).toEqual({ ok: false, error: { kind: "redirect", status: 302 } });
    expect(hits).toEqual(["/redirect"]);
  });

  it("gives up after the timeout", async () => {
    expect(await send(`http://127.0.0.1:${port}/slow`, { timeoutMs: 200 })).toEqual({ ok: false, error: { kind: "timeout", afterMs: 200 } });
  });

  it("stops reading past the size cap", async () => {
    expect(await send(`http://127.0.0.1:${port}/big`, { maxResponseBytes: 4_096 })).toEqual({
      ok: false,
      error: { kind: "too-large", limitBytes: 4_096 },
    });
  });

  it("sends a body with its length", async () => {
    const result = await send(`http://127.0.0.1:${port}/ok`, { method: "PUT", body: '{"status":"resolved"}' });
    expect(result.ok && result.value.body.toString()).toBe("PUT ");
  });
});
