import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractBreadcrumbs, extractContexts, extractRequest, extractUser, keyValuesOf } from "@/lib/errors/event-sections";

const fixture = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../shared/fixtures/${path}`, import.meta.url), "utf8"));

/** Sentry's API answers are recorded with their status; the event is the body. */
const sentryEvent = (path: string): unknown => {
  const recorded = fixture(path) as Record<string, unknown>;
  return "body" in recorded ? recorded.body : recorded;
};

describe("the request, user, contexts and breadcrumbs of an event", () => {
  it("reads a browser SDK event: breadcrumbs with Unix timestamps and a request with header objects", () => {
    const event = fixture("sentry-events/glitchtip-js-unix-timestamp.json");
    const breadcrumbs = extractBreadcrumbs(event);
    expect(breadcrumbs.length).toBeGreaterThan(2);
    expect(breadcrumbs[0]).toMatchObject({
      timestamp: new Date(1595472877277),
      category: "console",
      level: "log",
      message: expect.stringContaining("Angular is running"),
    });
    expect(breadcrumbs[1]).toMatchObject({ category: "ui.click", message: "body > app-root > ol > li > button", data: [] });
    expect(extractRequest(event)).toMatchObject({
      method: null,
      url: "http://localhost:4201/",
      headers: [{ key: "User-Agent", value: expect.stringContaining("Firefox/78.0") }],
      data: null,
    });
    expect(extractUser(event)).toEqual([]);
    expect(extractContexts(event)).toEqual([]);
  });

  it("reads Sentry's API event: request and breadcrumbs as entries, pairs as lists, ISO timestamps", () => {
    const event = sentryEvent("sentry-api/issue-latest-event-with-breadcrumbs.json");
    expect(extractRequest(event)).toEqual({
      method: "GET",
      url: "http://example.com/foo",
      query: [{ key: "foo", value: "bar" }],
      headers: expect.arrayContaining([{ key: "Content-Type", value: "application/json" }]),
      cookies: [
        { key: "foo", value: "bar" },
        { key: "biz", value: "baz" },
      ],
      data: '{"hello":"world"}',
      env: [{ key: "ENV", value: "prod" }],
    });
    const breadcrumbs = extractBreadcrumbs(event);
    expect(breadcrumbs[0]).toMatchObject({ timestamp: new Date("2018-11-06T21:19:52.869Z"), level: "debug", message: "Querying for user." });
    expect(extractUser(event)).toEqual([
      { key: "email", value: "sentry@example.com" },
      { key: "id", value: "1" },
      { key: "ip_address", value: "127.0.0.1" },
      { key: "name", value: "Sentry" },
      { key: "username", value: "sentry" },
    ]);
  });

  it("reads contexts section by section, without repeating the section's own type", () => {
    const contexts = extractContexts({
      contexts: {
        os: { type: "os", name: "Linux", version: "6.1" },
        runtime: { type: "runtime", name: "node", version: "v20.20.0" },
        app: { type: "app", app_memory: 1024, flags: { beta: true } },
        broken: "not an object",
        empty: {},
      },
    });
    expect(contexts).toEqual([
      { name: "os", entries: [{ key: "name", value: "Linux" }, { key: "version", value: "6.1" }] },
      { name: "runtime", entries: [{ key: "name", value: "node" }, { key: "version", value: "v20.20.0" }] },
      { name: "app", entries: [{ key: "app_memory", value: "1024" }, { key: "flags", value: '{"beta":true}' }] },
    ]);
  });

  it("has nothing to show for an event without them, or for something that is not an event", () => {
    for (const event of [{}, null, "text", { request: {}, user: "x", breadcrumbs: "y", contexts: [] }]) {
      expect(extractRequest(event)).toBeNull();
      expect(extractUser(event)).toEqual([]);
      expect(extractBreadcrumbs(event)).toEqual([]);
      expect(extractContexts(event)).toEqual([]);
    }
  });

  it("keeps odd breadcrumbs instead of dropping the list", () => {
    expect(extractBreadcrumbs({ breadcrumbs: [{ timestamp: "not a date", message: 42 }, null, { type: "http" }] })).toEqual([
      { timestamp: null, type: null, category: null, level: null, message: null, data: [] },
      { timestamp: null, type: "http", category: null, level: null, message: null, data: [] },
    ]);
  });

  it.each([
    ["a query string", "?a=1&b=x%20y", [{ key: "a", value: "1" }, { key: "b", value: "x y" }]],
    ["pairs", [["a", 1], ["b", null], "junk"], [{ key: "a", value: "1" }, { key: "b", value: "null" }]],
    ["key/value items", [{ key: "a", value: "1" }], [{ key: "a", value: "1" }]],
    ["an object", { a: "1", b: "", c: [] }, [{ key: "a", value: "1" }]],
  ])("reads pairs from %s", (_case, source, expected) => {
    expect(keyValuesOf(source)).toEqual(expected);
  });
});
