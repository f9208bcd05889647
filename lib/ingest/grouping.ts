import { describeTitle } from "./title-and-culprit";
import type { EventFacts, NormalizedFrame } from "./types";

const DEFAULT_MARKER = /^\{\{\s*default\s*\}\}$/i;

/**
 * The key events are grouped by; the store hashes it. Pure and deterministic:
 * - `fingerprint` when the SDK sent a non-empty one, `{{ default }}` standing for the default key
 *   (a fingerprint of only `{{ default }}` is the default key itself);
 * - else `stack:` the exception chain's types and in-app frames (module or filename, and
 *   function — never line numbers); all frames when none is in-app, as Sentry does;
 * - else `exception:` the types and the top-level value with numbers and ids blanked out;
 * - else `message:` the message template (params not filled in), numbers and ids blanked out;
 * - else `stack:` the top-level stacktrace or crashed thread, like an exception stack;
 * - else `title:` the title.
 */
export function computeGroupingKey(facts: EventFacts): string {
  const defaultKey = computeDefaultKey(facts);
  const fingerprint = facts.fingerprint;
  if (!fingerprint || fingerprint.length === 0 || fingerprint.every(isDefaultMarker)) return defaultKey;
  return `fingerprint:${JSON.stringify(fingerprint.map((entry) => (isDefaultMarker(entry) ? defaultKey : entry)))}`;
}

function isDefaultMarker(entry: string): boolean {
  return DEFAULT_MARKER.test(entry.trim());
}

function computeDefaultKey(facts: EventFacts): string {
  const { exceptions } = facts;
  if (exceptions.length > 0) {
    const useAllFrames = !exceptions.some((exception) => exception.frames.some((frame) => frame.inApp));
    const chain = exceptions.map(
      (exception): [string, string[]] => [exception.type, describeFrames(exception.frames, useAllFrames)],
    );
    if (chain.some(([, frames]) => frames.length > 0)) return `stack:${JSON.stringify(chain)}`;
    const top = exceptions[exceptions.length - 1];
    const types = exceptions.map((exception) => exception.type);
    return `exception:${JSON.stringify([types, blankOutIds(top.value)])}`;
  }
  if (facts.messageTemplate) return `message:${blankOutIds(facts.messageTemplate)}`;
  const frames = describeFrames(facts.otherFrames, !facts.otherFrames.some((frame) => frame.inApp));
  if (frames.length > 0) return `stack:${JSON.stringify([["", frames]])}`;
  return `title:${describeTitle(facts)}`;
}

function describeFrames(frames: NormalizedFrame[], useAllFrames: boolean): string[] {
  return frames
    .filter((frame) => useAllFrames || frame.inApp)
    .map(describeFrame)
    .filter((label) => label !== "");
}

function describeFrame(frame: NormalizedFrame): string {
  const location = frame.module ?? cleanFilename(frame.filename ?? frame.absPath);
  const name = frame.function;
  return location && name ? `${location} in ${name}` : location || name || "";
}

/**
 * Drops what changes between deploys of the same code: a URL's scheme, host, query and hash,
 * `:line:column` suffixes (eval and bundle locations) and content hashes in file names.
 */
function cleanFilename(filename: string | undefined): string | undefined {
  if (!filename) return undefined;
  return filename
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "")
    .replace(/[?#][^\s),]*/g, "")
    .replace(/:\d+/g, "")
    .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, "<hex>");
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const HEX_ID = /\b(?:0x)?(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi;

/** UUIDs → `<uuid>`, hex runs of 8 or more → `<hex>`, digit runs → `<n>`. */
export function blankOutIds(text: string): string {
  return text.replace(UUID, "<uuid>").replace(HEX_ID, "<hex>").replace(/\d+/g, "<n>");
}
