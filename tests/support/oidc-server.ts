import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

// A real OpenID Connect provider (panva's oidc-provider) on loopback for sign-in tests. Its
// development login page accepts any login and password; the login becomes the account id,
// and an account id that looks like an email address is that account's verified email.

export interface OidcServer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startOidcServer(options: { redirectUri: string }): Promise<OidcServer> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "faultline-test";
  const clientSecret = "faultline-test-client-secret-0123456789";

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["oidc-test-cookie-key"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, accountId) {
      const email = accountId.includes("@") ? accountId.toLowerCase() : `${accountId.toLowerCase()}@example.test`;
      return {
        accountId,
        async claims() {
          return { sub: accountId, email, email_verified: true, name: `Test ${accountId.split("@")[0]}` };
        },
      };
    },
    // Skip the consent screen: grant the test client whatever it asks for.
    async loadExistingGrant(ctx) {
      const session = ctx.oidc.session;
      const client = ctx.oidc.client;
      if (!session?.accountId || !client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  provider.on("server_error", (_ctx, error) => console.error("[oidc] server error", error));
  provider.on("grant.error", (_ctx, error) => console.error("[oidc] grant error", error.message, (error as { error_detail?: string }).error_detail));
  server.on("request", provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
