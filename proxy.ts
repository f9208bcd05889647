import { NextResponse, type NextRequest } from "next/server";

// An optimistic gate for pages: without a session cookie, go to /signin and come back
// afterwards. It decides nothing about access (pages, actions and the API check on the
// server); ingestion, the REST API and next-auth's own routes are not behind it.

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = request.cookies
    .getAll()
    .some((cookie) => SESSION_COOKIES.some((name) => cookie.name === name || cookie.name.startsWith(`${name}.`)));
  if (hasSession) return NextResponse.next();
  const signIn = new URL("/signin", request.nextUrl);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ["/((?!api/|_next/|signin|favicon.ico|robots.txt).*)"],
};
