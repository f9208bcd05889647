import { z } from "zod";
import { CommandFailure, parseCommandArgs } from "@/cli/command-input";
import { getConfig } from "@/lib/config";
import { createProject } from "@/lib/db/projects";
import { formatDsn } from "@/lib/projects/dsn";

/** `project create --name NAME [--slug SLUG]` */
export async function runCreateProject(args: string[]): Promise<{ id: number; slug: string; name: string; dsn: string }> {
  const input = parseCommandArgs(
    args,
    { name: { type: "string" }, slug: { type: "string" } },
    z.object({ name: z.string(), slug: z.string().optional() }),
  );
  const result = await createProject(input);
  if (!result.ok) {
    throw new CommandFailure(
      result.error.kind === "slug-taken" ? `A project with slug "${result.error.slug}" already exists` : result.error.message,
    );
  }
  const { id, slug, name, clientKey } = result.value;
  return { id, slug, name, dsn: formatDsn(clientKey.publicKey, id, getConfig().publicUrl) };
}

export function describeCreateProject(result: Awaited<ReturnType<typeof runCreateProject>>): string {
  return `Created project "${result.name}" (id ${result.id}, slug ${result.slug}).\nDSN: ${result.dsn}`;
}
