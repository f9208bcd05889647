import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractStackTrace, extractTags } from "@/lib/errors/event-details";

const fixture = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../shared/fixtures/${path}`, import.meta.url), "utf8"));

describe("the stack trace of an event", () => {
  it("reads every exception's frames from a Python SDK event, with source context and in-app marks", () => {
    const [exception] = extractStackTrace(fixture("sentry-events/python.store.json"));
    expect(exception).toMatchObject({ type: "RuntimeError" });
    expect(exception!.frames).toHaveLength(4);
    expect(exception!.frames.at(-1)).toMatchObject({
      filename: "python_client.py",
      absPath: "/srv/app/python_client.py",
      function: "py_inner",
      lineno: 23,
      inApp: true,
      contextLine: expect.stringContaining("raise RuntimeError"),
    });
    expect(exception!.frames.at(-1)!.preContext).toHaveLength(5);
  });

  it("reads a 2012 raven-js event whose stack sits beside a bare exception object", () => {
    const stack = extractStackTrace(fixture("sentry-events/raven-js-2012-legacy-interfaces.json"));
    expect(stack).toEqual([
      {
        type: null,
        value: "Once upon a midnight dreary",
        module: null,
        frames: [expect.objectContaining({ filename: "http://edgarallen.poe/nevermore/", lineno: 12, inApp: false })],
      },
    ]);
  });

  it("keeps a chained exception's order: cause first, surfaced exception last", () => {
    const stack = extractStackTrace({
      exception: {
        values: [
          { type: "Cause", value: "inner", stacktrace: { frames: [{ function: "a" }] } },
          { type: "Error", value: "outer", stacktrace: { frames: [{ function: "b" }, { function: "c" }] } },
        ],
      },
    });
    expect(stack.map((e) => [e.type, e.frames.map((f) => f.function)])).toEqual([
      ["Cause", ["a"]],
      ["Error", ["b", "c"]],
    ]);
  });

  it("takes a native crash's frames from the crashed thread when the exception has none", () => {
    const stack = extractStackTrace({
      exception: { values: [{ type: "SIGSEGV", value: "Segfault" }] },
      threads: { values: [{ current: true, stacktrace: { frames: [{ function: "idle" }] } }, { crashed: true, stacktrace: { frames: [{ function: "boom" }] } }] },
    });
    expect(stack[0]!.frames.map((f) => f.function)).toEqual(["boom"]);
  });

  it("reads Sentry's API event shape (entries, camelCase, context pairs)", () => {
    const stack = extractStackTrace(fixture("sentry-api/issue-latest-event.json"));
    expect(stack).toHaveLength(2);
    const frame = stack[0]!.frames.at(-1)!;
    expect(frame).toMatchObject({ filename: "pg.rb", lineno: 56, inApp: false });
    expect(frame.contextLine).toContain("PG::Connection.new");
    expect(frame.preContext.length).toBeGreaterThan(0);
  });

  it.each([
    ["a message without a stack", { message: "hello" }],
    ["no event at all", null],
    ["garbage where the exception should be", { exception: "boom" }],
    ["frames that are not objects", { exception: { values: [{ type: "E", stacktrace: { frames: [1, "x", null] } }] } }],
  ])("is empty or frameless for %s", (_, event) => {
    expect(extractStackTrace(event).flatMap((e) => e.frames)).toEqual([]);
  });
});

describe("the tags of an event", () => {
  it.each([
    ["an object", { tags: { browser: "Chrome", level: 3 } }],
    ["[key, value] pairs", { tags: [["browser", "Chrome"], ["level", 3]] }],
    ["{key, value} items", { tags: [{ key: "browser", value: "Chrome" }, { key: "level", value: "3" }] }],
  ])("are read from %s", (_, event) => {
    expect(extractTags(event)).toEqual([
      { key: "browser", value: "Chrome" },
      { key: "level", value: "3" },
    ]);
  });

  it("skips tags without a usable value, and events without tags", () => {
    expect(extractTags({ tags: { a: null, b: { nested: true }, c: "ok" } })).toEqual([{ key: "c", value: "ok" }]);
    expect(extractTags({})).toEqual([]);
  });
});
