import "server-only";
import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import GitLab from "next-auth/providers/gitlab";
import Google from "next-auth/providers/google";
import type { OAuthConfig } from "@/lib/config";

// The OAuth providers configured in the environment (SPEC §3): each appears only when its
// id and secret are both set, and `/signin` shows one button per provider.

export interface SignInProvider {
  id: string;
  name: string;
}

export function listSignInProviders(oauth: OAuthConfig): SignInProvider[] {
  const providers: SignInProvider[] = [];
  if (oauth.github) providers.push({ id: "github", name: "GitHub" });
  if (oauth.gitlab) providers.push({ id: "gitlab", name: "GitLab" });
  if (oauth.google) providers.push({ id: "google", name: "Google" });
  if (oauth.oidc) providers.push({ id: "oidc", name: oauth.oidc.name });
  return providers;
}

export function buildOAuthProviders(oauth: OAuthConfig): Provider[] {
  const providers: Provider[] = [];
  if (oauth.github) providers.push(GitHub({ clientId: oauth.github.clientId, clientSecret: oauth.github.clientSecret }));
  if (oauth.gitlab) {
    providers.push(
      GitLab({ clientId: oauth.gitlab.clientId, clientSecret: oauth.gitlab.clientSecret, baseUrl: oauth.gitlab.baseUrl }),
    );
  }
  if (oauth.google) providers.push(Google({ clientId: oauth.google.clientId, clientSecret: oauth.google.clientSecret }));
  if (oauth.oidc) {
    providers.push({
      id: "oidc",
      name: oauth.oidc.name,
      type: "oidc",
      issuer: oauth.oidc.issuer,
      clientId: oauth.oidc.clientId,
      clientSecret: oauth.oidc.clientSecret,
      checks: ["pkce", "state", "nonce"],
      // Read the profile from the userinfo endpoint: many issuers keep email out of the ID token.
      idToken: false,
    });
  }
  return providers;
}
