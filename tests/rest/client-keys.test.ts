import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as revokeKeyRoute } from "@/app/api/v4/projects/[id]/error_tracking/client_keys/[keyId]/route";
import { GET as listKeysRoute, POST as createKeyRoute } from "@/app/api/v4/projects/[id]/error_tracking/client_keys/route";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { installDatabase } from "@/lib/db/client";
import { findClientKeyGrant } from "@/lib/db/ingest-keys";
import { createProject, type ProjectSummary } from "@/lib/db/projects";
import { addMemberPerRole } from "@/tests/support/members";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

type Handler = (request: Request, ctx: { params: Promise<never> }) => Promise<Response>;

async function call(handler: Handler, method: string, path: string, params: Record<string, string>, token: string | null) {
  const headers = new Headers(token ? { "private-token": token } : {});
  const response = await handler(new Request(`http://localhost:3000/api/v4/projects/${path}`, { method, headers }), {
    params: Promise.resolve(params) as Promise<never>,
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as unknown };
}

describe.each(DATABASE_KINDS)("the client keys REST API on %s", (kind) => {
  let db: TestDatabase;
  let project: ProjectSummary & { clientKey: { id: number; publicKey: string } };
  let other: ProjectSummary & { clientKey: { id: number } };
  let tokens: Record<Role, string>;

  const list = (token: string | null, id = String(project.id)) =>
    call(listKeysRoute as Handler, "GET", `${id}/error_tracking/client_keys`, { id }, token);
  const create = (token: string | null) =>
    call(createKeyRoute as Handler, "POST", `${project.id}/error_tracking/client_keys`, { id: String(project.id) }, token);
  const revoke = (token: string | null, keyId: string) =>
    call(revokeKeyRoute as Handler, "DELETE", `${project.id}/error_tracking/client_keys/${keyId}`, { id: String(project.id), keyId }, token);

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    const created = await createProject({ name: "Keys" });
    const second = await createProject({ name: "Elsewhere" });
    if (!created.ok || !second.ok) throw new Error("could not create projects");
    project = created.value;
    other = second.value;
    tokens = await addMemberPerRole(project.id, "keys.example.com");
  });
  afterAll(async () => db?.drop());

  it("lets Maintainers and Owners list keys with their DSN, and no one below", async () => {
    let checked = 0;
    for (const role of ROLES) {
      const response = await list(tokens[role]);
      expect(response.status, role).toBe(role === "maintainer" || role === "owner" ? 200 : 403);
      checked += 1;
    }
    expect(checked).toBe(5);
    const { body } = await list(tokens.maintainer);
    expect(body).toEqual([
      {
        id: project.clientKey.id,
        active: true,
        public_key: project.clientKey.publicKey,
        sentry_dsn: `http://${project.clientKey.publicKey}@localhost:3000/${project.id}`,
      },
    ]);
  });

  it("creates a key with 201 and never shows a secret key", async () => {
    const created = await create(tokens.owner);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ active: true, public_key: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const secrets = await db.prisma.clientKey.findMany({ select: { secretKey: true } });
    const { text } = await list(tokens.owner);
    for (const { secretKey } of secrets) expect(text).not.toContain(secretKey);
    expect((await create(tokens.developer)).status).toBe(403);
  });

  it("revokes a key: it is listed inactive and ingestion sees it revoked", async () => {
    const revoked = await revoke(tokens.maintainer, String(project.clientKey.id));
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: project.clientKey.id, active: false });
    expect((await findClientKeyGrant(db.prisma, project.clientKey.publicKey))?.revoked).toBe(true);
  });

  it("answers 404 for another project's key or an unknown one, 400 for a bad id, 401 without a token", async () => {
    expect((await revoke(tokens.owner, String(other.clientKey.id))).status).toBe(404);
    expect((await revoke(tokens.owner, "999999")).status).toBe(404);
    expect((await revoke(tokens.owner, "abc")).status).toBe(400);
    expect((await revoke(tokens.developer, String(project.clientKey.id))).status).toBe(403);
    expect((await list(null)).status).toBe(401);
    expect((await list(tokens.owner, String(other.id))).status).toBe(404);
  });
});
