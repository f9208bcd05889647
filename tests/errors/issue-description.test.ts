import { describe, expect, it } from "vitest";
import { composeIssueDescription } from "@/lib/errors/issue-description";
import type { StackFrame } from "@/lib/errors/event-details";

const frame = (fn: string, inApp: boolean, lineno = 1): StackFrame => ({
  filename: `${fn}.js`,
  absPath: null,
  module: null,
  function: fn,
  lineno,
  colno: null,
  inApp,
  preContext: [],
  contextLine: null,
  postContext: [],
});

describe("the description of an issue created from an error", () => {
  it("names the error, links to it, and lists the surfaced exception's in-app frames, newest call first", () => {
    const description = composeIssueDescription({
      title: "TypeError: x is undefined",
      url: "http://localhost:3000/projects/demo/error-tracking/7",
      stackTrace: [
        { type: "Cause", value: "c", module: null, frames: [frame("cause", true)] },
        { type: "TypeError", value: "x", module: null, frames: [frame("main", true, 3), frame("lib", false), frame("handler", true, 10)] },
      ],
    });
    expect(description).toContain("TypeError: x is undefined");
    expect(description).toContain("http://localhost:3000/projects/demo/error-tracking/7");
    expect(description).toContain("at handler (handler.js:10)\nat main (main.js:3)");
    expect(description).not.toContain("cause");
    expect(description).not.toContain("lib.js");
  });

  it("has no frames section when the error has no stack trace", () => {
    const description = composeIssueDescription({ title: "Something happened", url: "http://x/1", stackTrace: [] });
    expect(description).not.toContain("Top frames");
  });
});
