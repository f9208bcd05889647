import { describe, expect, it } from "vitest";
import { normalizeEvent } from "@/lib/ingest/normalize-event";
import { parseFixture } from "./sentry-fixtures";

const RECEIVED_AT = new Date("2026-11-26T12:00:00Z");

function normalize(payload: unknown) {
  const normalized = normalizeEvent(payload, RECEIVED_AT);
  if (!normalized.ok) throw new Error(JSON.stringify(normalized.error));
  return normalized.value;
}

async function fixtureEvent(name: string) {
  const parsed = await parseFixture(name);
  if (!parsed.ok) throw new Error(name);
  return normalize(parsed.value.events[0]);
}

describe("titles", () => {
  it.each([
    ["Type: value", { exception: { values: [{ type: "ValueError", value: "bad" }] } }, "ValueError: bad"],
    ["just the type when there is no value", { exception: { values: [{ type: "ValueError" }] } }, "ValueError"],
    ["just the value when there is no type", { exception: { values: [{ value: "bad" }] } }, "bad"],
    ["the first line of a long value", { exception: { values: [{ type: "E", value: "\nfirst\nsecond" }] } }, "E: first"],
    ["the message when there is no exception", { message: "hello" }, "hello"],
    ["<unlabeled event> when there is nothing", {}, "<unlabeled event>"],
  ])("%s", (_case, payload, title) => {
    expect(normalize(payload).title).toBe(title);
  });

  it("the top-level exception names a chain: the last value, as Sentry orders them", async () => {
    expect((await fixtureEvent("ruby-cause-chain.envelope")).title).toBe("CheckoutFailed: could not place order #4711");
    expect((await fixtureEvent("node-error-cause.envelope")).title).toBe("Error: Failed to load dashboard");
    expect((await fixtureEvent("sentry-php-chained-exceptions.envelope")).title).toBe("Exception: initial exception");
  });

  it("a long title is cut at 200 characters with an ellipsis", () => {
    const title = normalize({ message: "é".repeat(500) }).title;
    expect(Array.from(title)).toHaveLength(200);
    expect(title.endsWith("…")).toBe(true);
  });
});

// Rule: the most recent in-app frame (top-level exception first), `module in function` or
// `filename in function`; else the SDK's culprit, then the transaction, then "".
describe("culprits", () => {
  it.each([
    ["python.store.json", "__main__ in py_inner"],
    ["ruby.envelope", "clients/ruby_client.rb in rb_inner"],
    ["glitchtip-android-event-session.envelope", "com.example.androiderrorfactory.MainActivity in onCreate"],
    ["glitchtip-python-zero-division.json", "errors.views in get"],
    ["ruby-cause-chain.envelope", "app/checkout.rb in rescue in place_order"],
    ["sentry-cocoa-raven-rn-throwerror.json", "app:///index.bundle in _throwError"],
    ["sentry-cocoa-raven-rn-rejected-promise.json", "app:///index.bundle in captureException"],
    ["glitchtip-django-message-client-report.envelope", "/message/"],
    ["spotlight-angular-http-error.envelope", ""],
  ])("%s: %s", async (name, culprit) => {
    expect((await fixtureEvent(name)).culprit).toBe(culprit);
  });

  it("a frame outside the app is used only when no frame is in the app", () => {
    const frames = [
      { module: "app.models.user", function: "validate", in_app: true },
      { module: "django.db", function: "execute", in_app: false },
    ];
    expect(normalize({ exception: { values: [{ type: "E", stacktrace: { frames } }] } }).culprit).toBe("app.models.user in validate");
    const noneInApp = frames.map((frame) => ({ ...frame, in_app: undefined }));
    expect(normalize({ exception: { values: [{ type: "E", stacktrace: { frames: noneInApp } }] } }).culprit).toBe("django.db in execute");
  });

  it("without frames, the SDK's culprit comes before the transaction", () => {
    expect(normalize({ culprit: "views.home", transaction: "/home" }).culprit).toBe("views.home");
    expect(normalize({ transaction: "/home" }).culprit).toBe("/home");
  });
});
