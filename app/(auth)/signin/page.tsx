import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signInWithProvider } from "@/app/(auth)/actions";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { listSignInProviders } from "@/lib/auth/oauth-providers";
import { getSessionUser } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";

export const metadata: Metadata = { title: "Sign in · Faultline" };

const ERROR_MESSAGES: Record<string, string> = {
  EmailNotVerified: "Your provider did not confirm your email address, so Faultline cannot sign you in with it.",
  AccessDenied: "Sign-in was cancelled or refused.",
  UnknownProvider: "That sign-in method is not configured.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const providers = listSignInProviders(getConfig().oauth);
  const error = typeof params.error === "string" ? (ERROR_MESSAGES[params.error] ?? "Sign-in failed. Please try again.") : null;

  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-12">
      <h1 className="text-2xl font-semibold">Sign in to Faultline</h1>
      {error && (
        <p role="alert" className="mt-4 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      )}
      {providers.length > 0 ? (
        <ul className="mt-6 space-y-3">
          {providers.map((provider) => (
            <li key={provider.id}>
              <form action={signInWithProvider}>
                <input type="hidden" name="provider" value={provider.id} />
                <input type="hidden" name="callbackUrl" value={callbackUrl} />
                <button
                  type="submit"
                  className="w-full rounded-md bg-gray-900 px-4 py-2.5 text-sm font-medium text-white hover:bg-gray-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
                >
                  Sign in with {provider.name}
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <section className="mt-6 space-y-3 text-sm text-gray-700">
          <p>No sign-in provider is configured yet. To add one, set for example:</p>
          <ul className="list-disc space-y-1 pl-5">
            <li>
              GitHub: <code>AUTH_GITHUB_ID</code> and <code>AUTH_GITHUB_SECRET</code>
            </li>
            <li>
              GitLab: <code>AUTH_GITLAB_ID</code>, <code>AUTH_GITLAB_SECRET</code> and, for a self-managed GitLab, <code>AUTH_GITLAB_URL</code>
            </li>
            <li>
              Google: <code>AUTH_GOOGLE_ID</code> and <code>AUTH_GOOGLE_SECRET</code>
            </li>
            <li>
              Any OpenID Connect issuer: <code>AUTH_OIDC_ISSUER</code>, <code>AUTH_OIDC_ID</code>, <code>AUTH_OIDC_SECRET</code> (and <code>AUTH_OIDC_NAME</code> for the button)
            </li>
          </ul>
          <p>and restart Faultline.</p>
        </section>
      )}
      <p className="mt-8 border-t border-gray-200 pt-4 text-sm text-gray-600">
        Without a provider, an administrator can create a one-time sign-in link (valid 15 minutes):{" "}
        <code className="whitespace-nowrap rounded bg-gray-100 px-1">npm run cli -- login-link --email you@example.com</code>
      </p>
    </main>
  );
}
