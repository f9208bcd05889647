import { describe, expect, it } from "vitest";
import {
  MAX_PREVIOUS_CURSORS,
  errorListHref,
  nextPage,
  parseErrorListSearchParams,
  previousPage,
  toBackendQuery,
  withFilters,
} from "@/lib/errors/error-list-query";

describe("the error list's URL", () => {
  it("lists unresolved errors by last seen when the URL says nothing", () => {
    const state = parseErrorListSearchParams({});
    expect(state).toEqual({ search: undefined, status: "unresolved", sort: "last_seen", cursor: undefined, prev: [] });
    expect(toBackendQuery(state)).toMatchObject({ status: "unresolved", sort: "last_seen", cursor: undefined });
  });

  it.each([
    [{ status: "resolved" }, { status: "resolved" }],
    [{ status: "ignored", sort: "frequency" }, { status: "ignored", sort: "frequency" }],
    [{ sort: "first_seen" }, { sort: "first_seen" }],
    [{ search: "  TypeError  " }, { search: "TypeError" }],
    [{ search: "" }, { search: undefined }],
    [{ search: "   " }, { search: undefined }],
    [{ status: "bogus", sort: "title" }, { status: "unresolved", sort: "last_seen" }],
    [{ status: ["resolved", "ignored"] }, { status: "resolved" }],
    [{ cursor: "abc", prev: "xyz" }, { cursor: "abc", prev: ["xyz"] }],
    [{ cursor: "abc", prev: ["x", "y"] }, { cursor: "abc", prev: ["x", "y"] }],
  ])("reads %j as %j", (searchParams, expected) => {
    expect(parseErrorListSearchParams(searchParams)).toMatchObject(expected);
  });

  it("cuts an overlong search instead of refusing the page", () => {
    expect(parseErrorListSearchParams({ search: "x".repeat(500) }).search).toHaveLength(200);
  });

  it("keeps only the most recent previous cursors", () => {
    const prev = Array.from({ length: MAX_PREVIOUS_CURSORS + 5 }, (_, i) => `c${i}`);
    const state = parseErrorListSearchParams({ cursor: "now", prev });
    expect(state.prev).toHaveLength(MAX_PREVIOUS_CURSORS);
    expect(state.prev.at(-1)).toBe(`c${MAX_PREVIOUS_CURSORS + 4}`);
  });

  it("leaves the defaults out of links, so the first page has one address", () => {
    expect(errorListHref("shop", parseErrorListSearchParams({}))).toBe("/projects/shop/error-tracking");
    expect(errorListHref("shop", { status: "resolved", sort: "frequency", search: "a b&c" })).toBe(
      "/projects/shop/error-tracking?search=a+b%26c&status=resolved&sort=frequency",
    );
  });

  it("reads back what it writes", () => {
    const state = { search: "Type", status: "ignored", sort: "first_seen", cursor: "c/2+", prev: ["c1"] } as const;
    const href = errorListHref("shop", { ...state, prev: [...state.prev] });
    const query = Object.fromEntries(
      [...new URL(href, "http://x").searchParams.entries()].reduce((map, [key, value]) => {
        map.set(key, map.has(key) ? [...[map.get(key)!].flat(), value] : value);
        return map;
      }, new Map<string, string | string[]>()),
    );
    expect(parseErrorListSearchParams(query)).toEqual({ ...state, prev: ["c1"] });
  });

  it("goes back to the first page when the search, status or sort changes", () => {
    const onPage3 = parseErrorListSearchParams({ status: "resolved", cursor: "c2", prev: ["c1"] });
    for (const change of [{ search: "x" }, { status: "ignored" as const }, { sort: "frequency" as const }]) {
      const changed = withFilters(onPage3, change);
      expect(changed).toMatchObject({ ...change, cursor: undefined, prev: [] });
    }
    expect(errorListHref("shop", withFilters(onPage3, { sort: "frequency" }))).toBe(
      "/projects/shop/error-tracking?status=resolved&sort=frequency",
    );
  });

  it("walks forward with Next and back to the first page with Previous", () => {
    const first = parseErrorListSearchParams({ status: "resolved" });
    expect(previousPage(first)).toBeNull();
    const second = nextPage(first, "c1");
    expect(second).toMatchObject({ status: "resolved", cursor: "c1", prev: [] });
    const third = nextPage(second, "c2");
    expect(third).toMatchObject({ cursor: "c2", prev: ["c1"] });
    expect(previousPage(third)).toMatchObject({ cursor: "c1", prev: [] });
    expect(previousPage(previousPage(third)!)).toMatchObject({ status: "resolved", cursor: undefined, prev: [] });
    expect(errorListHref("shop", previousPage(second)!)).toBe("/projects/shop/error-tracking?status=resolved");
  });
});
