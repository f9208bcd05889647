import { describe, expect, it } from "vitest";
import { formatExactTime, formatRelativeTime } from "@/lib/format/relative-time";

const now = Date.parse("2025-11-25T12:00:00Z");
const ago = (seconds: number) => new Date(now - seconds * 1000);

describe("times on the error pages", () => {
  it.each([
    [10, "just now"],
    [90, "1 minute ago"],
    [150, "2 minutes ago"],
    [3600, "1 hour ago"],
    [5 * 3600, "5 hours ago"],
    [26 * 3600, "yesterday"],
    [3 * 86400, "3 days ago"],
    [14 * 86400, "2 weeks ago"],
    [65 * 86400, "2 months ago"],
    [800 * 86400, "2 years ago"],
  ])("%i seconds ago reads %s", (seconds, expected) => {
    expect(formatRelativeTime(ago(seconds), now)).toBe(expected);
  });

  it("shows the exact time in UTC", () => {
    expect(formatExactTime(new Date("2025-11-25T22:00:13.456Z"))).toBe("2025-11-25 22:00:13 UTC");
  });
});
