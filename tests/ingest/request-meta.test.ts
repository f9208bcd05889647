import { describe, expect, it } from "vitest";
import { parseContentEncoding, parseDsn, parseSentryAuth } from "@/lib/ingest/request-meta";
import { fixtureMeta } from "./sentry-fixtures";

const noQuery = new URLSearchParams();

describe("finding the client key", () => {
  it.each([
    ["the standard X-Sentry-Auth", { "x-sentry-auth": "Sentry sentry_key=abc, sentry_version=7, sentry_client=sentry.python/1.9.10" }, { publicKey: "abc", sentryVersion: "7", client: "sentry.python/1.9.10" }],
    ["no spaces after commas", { "x-sentry-auth": "Sentry sentry_key=abc,sentry_version=7" }, { publicKey: "abc", sentryVersion: "7" }],
    ["quoted values and odd spacing", { "x-sentry-auth": 'Sentry  sentry_key = "abc" ,  sentry_secret="s3"' }, { publicKey: "abc", secretKey: "s3" }],
    ["the Sentry prefix missing", { "x-sentry-auth": "sentry_version=4, sentry_key=abc, sentry_secret=def" }, { publicKey: "abc", secretKey: "def", sentryVersion: "4" }],
    ["a lower-case prefix", { "x-sentry-auth": "sentry sentry_key=abc" }, { publicKey: "abc" }],
    ["Authorization: Sentry …", { authorization: "Sentry sentry_key=abc, sentry_version=7" }, { publicKey: "abc", sentryVersion: "7" }],
    ["Authorization: DSN …", { authorization: "DSN https://abc:def@errors.example.com/42" }, { publicKey: "abc", secretKey: "def" }],
  ])("from %s", (_case, headers, expected) => {
    expect(parseSentryAuth(headers, noQuery)).toEqual(expected);
  });

  it("from the query string (browser SDKs)", () => {
    const query = new URLSearchParams("sentry_version=7&sentry_key=abc&sentry_client=sentry.javascript.browser/11.12.0");
    expect(parseSentryAuth({}, query)).toEqual({ publicKey: "abc", sentryVersion: "7", client: "sentry.javascript.browser/11.12.0" });
  });

  it("the header wins over the query string", () => {
    expect(parseSentryAuth({ "x-sentry-auth": "Sentry sentry_key=fromheader" }, new URLSearchParams("sentry_key=fromquery"))?.publicKey).toBe("fromheader");
  });

  it("a header without a key lets the query string speak", () => {
    expect(parseSentryAuth({ "x-sentry-auth": "Sentry sentry_version=7" }, new URLSearchParams("sentry_key=q"))?.publicKey).toBe("q");
  });

  it.each([
    ["no header and no query", {}],
    ["an empty key", { "x-sentry-auth": "Sentry sentry_key=, sentry_version=7" }],
    ["a Bearer token", { authorization: "Bearer abc" }],
    ["garbage", { "x-sentry-auth": "!!!" }],
  ])("no key at all: %s", (_case, headers) => {
    expect(parseSentryAuth(headers, noQuery)).toBeNull();
  });

  it.each(Object.entries(fixtureMeta).filter(([, meta]) => meta.headers?.["x-sentry-auth"] || meta.headers?.query))(
    "the recorded request of %s names PUBLIC_KEY",
    (_name, meta) => {
      const headers = { "x-sentry-auth": meta.headers!["x-sentry-auth"] };
      expect(parseSentryAuth(headers, new URLSearchParams(meta.headers!.query ?? ""))?.publicKey).toBe("PUBLIC_KEY");
    },
  );
});

describe("reading a DSN", () => {
  it.each([
    ["https://abc@errors.example.com/42", { scheme: "https", publicKey: "abc", projectId: "42", host: "errors.example.com", pathPrefix: "" }],
    ["http://public@example.com/sentry/1", { scheme: "http", publicKey: "public", projectId: "1", host: "example.com", pathPrefix: "/sentry" }],
    ["https://abc:def@localhost:3000/prefix/deeper/7/", { scheme: "https", publicKey: "abc", secretKey: "def", projectId: "7", host: "localhost:3000", pathPrefix: "/prefix/deeper" }],
  ])("%s", (dsn, expected) => {
    expect(parseDsn(dsn)).toEqual(expected);
  });

  it.each(["", "not a url", "https://errors.example.com/42", "https://abc@errors.example.com/", "ftp://abc@example.com/1", "https://%zz@example.com/1"])(
    "%j is not a DSN",
    (dsn) => {
      expect(parseDsn(dsn)).toBeNull();
    },
  );
});

describe("content encodings", () => {
  it.each([
    [undefined, []],
    ["", []],
    ["identity", []],
    ["gzip", ["gzip"]],
    ["GZIP", ["gzip"]],
    ["x-gzip", ["gzip"]],
    ["deflate", ["deflate"]],
    ["br", ["br"]],
    ["gzip, br", ["gzip", "br"]],
    ["identity, gzip", ["gzip"]],
  ])("%j is decoded as %j", (header, encodings) => {
    expect(parseContentEncoding(header)).toEqual({ ok: true, value: encodings });
  });

  it.each([
    ["zstd", "zstd"],
    ["gzip, compress", "compress"],
    ["toString", "tostring"],
    ["gzip, gzip, gzip, gzip", "gzip, gzip, gzip, gzip"],
  ])("%j is refused as unsupported", (header, encoding) => {
    expect(parseContentEncoding(header)).toEqual({ ok: false, error: { kind: "unsupported-encoding", encoding } });
  });
});
