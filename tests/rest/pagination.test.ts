import { describe, expect, it } from "vitest";
import { buildNextPageLink } from "@/lib/rest/pagination";

describe("the Link header of a page", () => {
  it("points at the next page with the cursor and keeps the other parameters", () => {
    expect(buildNextPageLink("http://h/api/v4/projects/1/error_tracking/errors?sort=frequency&cursor=old&per_page=2", "abc")).toBe(
      '<http://h/api/v4/projects/1/error_tracking/errors?sort=frequency&cursor=abc&per_page=2>; rel="next"',
    );
  });

  it("is absent on the last page", () => {
    expect(buildNextPageLink("http://h/x", null)).toBeNull();
  });
});
