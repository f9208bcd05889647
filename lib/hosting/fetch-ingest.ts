import { ingest } from "@/lib/ingest/pipeline";
import type { IngestRequest } from "@/lib/ingest/types";
import { getNodeIngestRuntime } from "./node-ingest-runtime";

/** The route handlers' entry: a Web Request in, a Web Response out. */
export async function ingestFetchRequest(
  request: Request,
  projectId: string,
  endpoint: IngestRequest["endpoint"],
): Promise<Response> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const result = await ingest(
    {
      method: request.method,
      projectId,
      endpoint,
      query: new URL(request.url).searchParams,
      headers,
      body: request.body,
    },
    getNodeIngestRuntime(),
  );
  return new Response(result.body, { status: result.status, headers: result.headers });
}
