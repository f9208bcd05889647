import type { StackException, StackFrame } from "@/lib/errors/event-details";

// The description an issue created from an error starts with (SPEC §6): the error's title,
// a link back to it, and the top frames of its stack trace, in Markdown.

const TOP_FRAMES = 5;

function describeFrame(frame: StackFrame): string {
  const where = frame.filename ?? frame.absPath ?? frame.module ?? "?";
  const line = frame.lineno !== null ? `:${frame.lineno}${frame.colno !== null ? `:${frame.colno}` : ""}` : "";
  return `at ${frame.function ?? "?"} (${where}${line})${frame.inApp ? "" : " [not in app]"}`;
}

/** The most recent calls of the outermost exception (the one that surfaced), newest first. */
function topFrames(stackTrace: StackException[]): StackFrame[] {
  const surfaced = [...stackTrace].reverse().find((exception) => exception.frames.length > 0);
  if (!surfaced) return [];
  const newestFirst = [...surfaced.frames].reverse();
  const inApp = newestFirst.filter((frame) => frame.inApp);
  return (inApp.length > 0 ? inApp : newestFirst).slice(0, TOP_FRAMES);
}

export function composeIssueDescription(input: { title: string; url: string; stackTrace: StackException[] }): string {
  const lines = [`**Error:** ${input.title}`, "", `**Link to error:** ${input.url}`];
  const frames = topFrames(input.stackTrace);
  if (frames.length > 0) {
    lines.push("", "**Top frames:**", "", "```", ...frames.map(describeFrame), "```");
  }
  return lines.join("\n");
}
