import type { StackFrame } from "@/lib/errors/event-details";

// How the details page lays out one exception's frames (oldest call first, as sent): in-app
// frames open, everything else collapsed, and a run of library frames between in-app ones
// folded into one "N library frames" group so the application's own calls stand out. When no
// frame is in-app, the last one (where the exception was raised) is open instead.

export type FrameItem =
  | { kind: "frame"; frame: StackFrame; open: boolean }
  | { kind: "library"; frames: StackFrame[] };

/** Library runs shorter than this stay as separate (collapsed) frames. */
export const MIN_FOLDED_RUN = 3;

export function layOutFrames(frames: StackFrame[]): FrameItem[] {
  const hasInApp = frames.some((frame) => frame.inApp);
  if (!hasInApp) return frames.map((frame, index) => ({ kind: "frame", frame, open: index === frames.length - 1 }));
  const items: FrameItem[] = [];
  let run: StackFrame[] = [];
  const flush = () => {
    if (run.length >= MIN_FOLDED_RUN) items.push({ kind: "library", frames: run });
    else items.push(...run.map((frame): FrameItem => ({ kind: "frame", frame, open: false })));
    run = [];
  };
  for (const frame of frames) {
    if (frame.inApp) {
      flush();
      items.push({ kind: "frame", frame, open: true });
    } else {
      run.push(frame);
    }
  }
  flush();
  return items;
}
