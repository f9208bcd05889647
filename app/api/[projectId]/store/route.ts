import { ingestFetchRequest } from "@/lib/hosting/fetch-ingest";

// Sentry SDKs post here; `server.ts` answers the same path itself on its fast path.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ projectId: string }> };

async function handle(request: Request, { params }: Context) {
  return ingestFetchRequest(request, (await params).projectId, "store");
}

export { handle as POST, handle as OPTIONS, handle as GET };
