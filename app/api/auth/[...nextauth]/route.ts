import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/next-auth";
import { getConfig } from "@/lib/config";

// next-auth builds OAuth callback URLs from the request's URL. Next's own request object
// rewrites a 127.0.0.1 host to "localhost", which would break the OAuth round trip (and its
// cookies) for a Faultline served at an IP address, so hand next-auth a plain Request on the
// public URL (FAULTLINE_URL) instead.
function onPublicUrl(request: NextRequest): NextRequest {
  const url = new URL(request.url);
  const rebased = new URL(`${url.pathname}${url.search}`, getConfig().publicUrl);
  const init: RequestInit & { duplex?: "half" } = { method: request.method, headers: request.headers };
  if (request.method !== "GET" && request.method !== "HEAD") {
    init.body = request.body;
    init.duplex = "half";
  }
  return new Request(rebased, init) as NextRequest;
}

export const GET = (request: NextRequest) => handlers.GET(onPublicUrl(request));
export const POST = (request: NextRequest) => handlers.POST(onPublicUrl(request));
