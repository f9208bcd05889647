// GitLab-style keyset pagination: the next page is announced in a `Link` header
// (`<…?cursor=…>; rel="next"`) carrying the request's other parameters unchanged.

export function buildNextPageLink(requestUrl: string, nextCursor: string | null): string | null {
  if (nextCursor === null) return null;
  const url = new URL(requestUrl);
  url.searchParams.set("cursor", nextCursor);
  return `<${url.toString()}>; rel="next"`;
}

/** Response headers for a page: `Link` when there is a next page. */
export function paginationHeaders(requestUrl: string, nextCursor: string | null): Record<string, string> {
  const link = buildNextPageLink(requestUrl, nextCursor);
  return link === null ? {} : { Link: link };
}
