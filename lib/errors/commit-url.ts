// The details page links an error to the commit it first appeared in (SPEC §6) when its first
// release is a commit SHA and the project has a repository URL: `${repositoryUrl}/commit/${sha}`,
// the path GitLab, GitHub, Gitea and Bitbucket all answer. Only http(s) repositories are
// linked, so a stored URL can never become a `javascript:` link.

const COMMIT_SHA = /^[0-9a-f]{7,40}$/i;

export function commitUrlFor(firstRelease: string | null, repositoryUrl: string | null): string | null {
  if (firstRelease === null || repositoryUrl === null || !COMMIT_SHA.test(firstRelease)) return null;
  let url: URL;
  try {
    url = new URL(repositoryUrl.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, "").replace(/\.git$/, "");
  return `${base}/commit/${firstRelease}`;
}
