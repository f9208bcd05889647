import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { buildOAuthProviders, listSignInProviders } from "@/lib/auth/oauth-providers";
import type { OAuthConfig } from "@/lib/config";

const everyProvider: OAuthConfig = {
  github: { clientId: "gh", clientSecret: "gh-secret" },
  gitlab: { clientId: "gl", clientSecret: "gl-secret", baseUrl: "https://gitlab.example.org/" },
  google: { clientId: "go", clientSecret: "go-secret" },
  oidc: { clientId: "oi", clientSecret: "oi-secret", issuer: "https://login.example.org", name: "Example SSO" },
};

describe("the sign-in page's providers", () => {
  it("offers no provider when none is configured", () => {
    expect(listSignInProviders({})).toEqual([]);
    expect(buildOAuthProviders({})).toEqual([]);
  });

  it("offers exactly the configured providers, each with its button name", () => {
    expect(listSignInProviders({ gitlab: everyProvider.gitlab })).toEqual([{ id: "gitlab", name: "GitLab" }]);
    expect(listSignInProviders(everyProvider)).toEqual([
      { id: "github", name: "GitHub" },
      { id: "gitlab", name: "GitLab" },
      { id: "google", name: "Google" },
      { id: "oidc", name: "Example SSO" },
    ]);
  });

  it("sends a self-managed GitLab's users to that GitLab", () => {
    const [gitlab] = buildOAuthProviders({ gitlab: everyProvider.gitlab }) as unknown as Array<{ authorization: string; token: string; userinfo: string }>;
    expect(gitlab.authorization).toBe("https://gitlab.example.org/oauth/authorize?scope=read_user");
    expect(gitlab.token).toBe("https://gitlab.example.org/oauth/token");
    expect(gitlab.userinfo).toBe("https://gitlab.example.org/api/v4/user");
  });

  it("reads an OpenID Connect issuer's profile from its userinfo endpoint", () => {
    const [oidc] = buildOAuthProviders({ oidc: everyProvider.oidc }) as unknown as Array<Record<string, unknown>>;
    expect(oidc).toMatchObject({ id: "oidc", type: "oidc", issuer: "https://login.example.org", idToken: false });
  });
});

describe("where signing in returns to", () => {
  it.each([
    ["/projects/shop/error-tracking?status=resolved", "/projects/shop/error-tracking?status=resolved"],
    ["/", "/"],
    ["https://evil.example/", "/"],
    ["//evil.example/path", "/"],
    ["/\\\\evil.example", "/"],
    ["/signin?callbackUrl=/x", "/"],
    ["/api/auth/signout", "/"],
    [undefined, "/"],
    [["/a", "/b"], "/"],
  ])("%j goes to %s", (requested, expected) => {
    expect(safeCallbackPath(requested)).toBe(expected);
  });
});
