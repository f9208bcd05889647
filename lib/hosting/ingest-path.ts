/** `/api/{projectId}/store/` or `/api/{projectId}/envelope/`, with or without the slash. */
const INGEST_PATH = /^\/api\/([^/]+)\/(store|envelope)\/?$/;

export interface IngestPath {
  projectId: string;
  endpoint: "store" | "envelope";
}

export function matchIngestPath(pathname: string): IngestPath | null {
  const match = INGEST_PATH.exec(pathname);
  return match ? { projectId: match[1], endpoint: match[2] as IngestPath["endpoint"] } : null;
}
