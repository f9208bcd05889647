import { describe, expect, it } from "vitest";
import type { StackFrame } from "@/lib/errors/event-details";
import { layOutFrames } from "@/lib/errors/frame-layout";

const frame = (fn: string, inApp: boolean): StackFrame => ({
  filename: `${fn}.js`,
  absPath: null,
  module: null,
  function: fn,
  lineno: 1,
  colno: null,
  inApp,
  preContext: [],
  contextLine: null,
  postContext: [],
});

const describeItems = (frames: StackFrame[]) =>
  layOutFrames(frames).map((item) =>
    item.kind === "frame" ? `${item.frame.function}${item.open ? " (open)" : ""}` : `[${item.frames.map((f) => f.function).join(",")}]`,
  );

describe("how a stack trace's frames are laid out", () => {
  it("opens in-app frames, keeps short library runs as collapsed frames and folds long ones", () => {
    expect(
      describeItems([
        frame("node1", false),
        frame("node2", false),
        frame("node3", false),
        frame("main", true),
        frame("express", false),
        frame("handler", true),
      ]),
    ).toEqual(["[node1,node2,node3]", "main (open)", "express", "handler (open)"]);
  });

  it("opens the frame that raised when no frame is in-app", () => {
    expect(describeItems([frame("a", false), frame("b", false), frame("c", false), frame("raise", false)])).toEqual([
      "a",
      "b",
      "c",
      "raise (open)",
    ]);
  });

  it("has nothing to lay out for an exception without frames", () => {
    expect(layOutFrames([])).toEqual([]);
  });
});
