import { deleteProject } from "@/lib/db/projects";
import { forgetCachedIngestKeys } from "@/lib/hosting/node-ingest-runtime";

/**
 * Deletes a project and everything in it (lib/db/projects.ts); its keys went with it, and this
 * process's ingestion refuses them at once, other processes' within a second. False when there
 * was no such project.
 */
export async function deleteProjectAndForgetItsKeys(projectId: number): Promise<boolean> {
  const deleted = await deleteProject(projectId);
  forgetCachedIngestKeys();
  return deleted;
}
