import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteProjectRoute } from "@/app/api/v4/projects/[id]/route";
import type { Role } from "@/lib/auth/permissions";
import { installDatabase } from "@/lib/db/client";
import { findClientKeyGrant } from "@/lib/db/ingest-keys";
import { createProject, type ProjectSummary } from "@/lib/db/projects";
import { addMemberPerRole } from "@/tests/support/members";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

type Handler = (request: Request, ctx: { params: Promise<never> }) => Promise<Response>;

async function deleteProject(id: string, token: string | null) {
  const headers = new Headers(token ? { "private-token": token } : {});
  const response = await (deleteProjectRoute as Handler)(new Request(`http://localhost:3000/api/v4/projects/${id}`, { method: "DELETE", headers }), {
    params: Promise.resolve({ id }) as Promise<never>,
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** More errors and events than one chunk of the deletion holds. */
const ERRORS = 1_200;
const EVENTS_PER_ERROR = 2;

describe.each(DATABASE_KINDS)("deleting a project through the REST API on %s", (kind) => {
  let db: TestDatabase;
  let doomed: ProjectSummary & { clientKey: { publicKey: string } };
  let kept: ProjectSummary & { clientKey: { publicKey: string } };
  let tokens: Record<Role, string>;

  /** What each project holds, table by table. */
  const contents = async (projectId: number) => ({
    project: await db.prisma.project.count({ where: { id: projectId } }),
    errors: await db.prisma.trackedError.count({ where: { projectId } }),
    events: await db.prisma.errorEvent.count({ where: { projectId } }),
    errorTitles: await db.prisma.errorTitle.count({ where: { error: { projectId } } }),
    issues: await db.prisma.issue.count({ where: { projectId } }),
    clientKeys: await db.prisma.clientKey.count({ where: { projectId } }),
    memberships: await db.prisma.membership.count({ where: { projectId } }),
    settings: await db.prisma.errorTrackingSettings.count({ where: { projectId } }),
  });

  const fill = async (projectId: number) => {
    const now = new Date();
    await db.prisma.trackedError.createMany({
      data: Array.from({ length: ERRORS }, (_, i) => ({ projectId, fingerprint: `fp-${i}`, title: `Error ${i}`, firstSeenAt: now, lastSeenAt: now })),
    });
    const errors = await db.prisma.trackedError.findMany({ where: { projectId }, select: { id: true } });
    await db.prisma.errorTitle.createMany({ data: errors.map(({ id }) => ({ errorId: id, title: `title ${id}` })) });
    await db.prisma.errorEvent.createMany({
      data: errors.flatMap(({ id }) =>
        Array.from({ length: EVENTS_PER_ERROR }, () => ({ projectId, errorId: id, eventId: crypto.randomUUID(), occurredAt: now, payload: Buffer.from("{}") })),
      ),
    });
    await db.prisma.issue.create({ data: { projectId, iid: 1, title: "Investigate", errorId: errors[0].id } });
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    const first = await createProject({ name: "Doomed" });
    const second = await createProject({ name: "Kept" });
    if (!first.ok || !second.ok) throw new Error("could not create projects");
    doomed = first.value;
    kept = second.value;
    tokens = await addMemberPerRole(doomed.id, "doomed.example.com");
    await addMemberPerRole(kept.id, "kept.example.com");
    await fill(doomed.id);
    await fill(kept.id);
  });
  afterAll(async () => db?.drop());

  it("is refused below Owner, and then nothing is deleted", async () => {
    const before = await contents(doomed.id);
    expect((await deleteProject(String(doomed.id), tokens.maintainer)).status).toBe(403);
    expect((await deleteProject(doomed.slug, null)).status).toBe(401);
    expect(await contents(doomed.id)).toEqual(before);
  });

  it("takes everything in the project with it, answers GitLab's 202, and leaves other projects whole", async () => {
    const keptBefore = await contents(kept.id);
    expect(keptBefore).toMatchObject({ errors: ERRORS, events: ERRORS * EVENTS_PER_ERROR, issues: 1, memberships: 5 });

    expect(await deleteProject(doomed.slug, tokens.owner)).toEqual({ status: 202, body: { message: "202 Accepted" } });

    expect(await contents(doomed.id)).toEqual({ project: 0, errors: 0, events: 0, errorTitles: 0, issues: 0, clientKeys: 0, memberships: 0, settings: 0 });
    expect(await contents(kept.id)).toEqual(keptBefore);
    // Ingestion no longer knows its key; the other project's key still works.
    expect(await findClientKeyGrant(db.prisma, doomed.clientKey.publicKey)).toBeNull();
    expect(await findClientKeyGrant(db.prisma, kept.clientKey.publicKey)).toMatchObject({ revoked: false });
  });

  it("answers 404 for a project that is gone", async () => {
    const again = await deleteProject(String(doomed.id), tokens.owner);
    expect(again.status).toBe(404);
  });
});
