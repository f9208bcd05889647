import { describe, expect, it } from "vitest";
import { commitUrlFor } from "@/lib/errors/commit-url";

describe("the link to the commit an error first appeared in", () => {
  it.each([
    ["a1b2c3d", "https://gitlab.example.com/shop/web", "https://gitlab.example.com/shop/web/commit/a1b2c3d"],
    ["0123456789abcdef0123456789abcdef01234567", "https://github.com/acme/shop/", "https://github.com/acme/shop/commit/0123456789abcdef0123456789abcdef01234567"],
    ["A1B2C3D4", "https://github.com/acme/shop.git", "https://github.com/acme/shop/commit/A1B2C3D4"],
    ["a1b2c3d", "http://git.internal/shop", "http://git.internal/shop/commit/a1b2c3d"],
  ])("links release %s of %s", (release, repositoryUrl, expected) => {
    expect(commitUrlFor(release, repositoryUrl)).toBe(expected);
  });

  it.each([
    ["a release that is not a SHA", "shop@1.2.3", "https://github.com/acme/shop"],
    ["a SHA shorter than 7 characters", "a1b2c3", "https://github.com/acme/shop"],
    ["a SHA longer than 40 characters", "0".repeat(41), "https://github.com/acme/shop"],
    ["no first release", null, "https://github.com/acme/shop"],
    ["no repository URL", "a1b2c3d", null],
    ["a repository URL that is not http(s)", "a1b2c3d", "javascript:alert(1)"],
    ["a repository URL that is not a URL", "a1b2c3d", "github.com/acme/shop"],
  ])("has no link for %s", (_case, release, repositoryUrl) => {
    expect(commitUrlFor(release, repositoryUrl)).toBeNull();
  });

  it("never copies credentials from the repository URL into the link", () => {
    expect(commitUrlFor("a1b2c3d", "https://user:secret@git.example.com/shop")).toBe("https://git.example.com/shop/commit/a1b2c3d");
  });
});
