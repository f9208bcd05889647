import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteProjectRoute } from "@/app/api/v4/projects/[id]/route";
import { DELETE as revokeClientKeyRoute } from "@/app/api/v4/projects/[id]/error_tracking/client_keys/[keyId]/route";
import { GET as listClientKeysRoute, POST as createClientKeyRoute } from "@/app/api/v4/projects/[id]/error_tracking/client_keys/route";
import { POST as createIssueRoute } from "@/app/api/v4/projects/[id]/error_tracking/errors/[errorId]/issue/route";
import { GET as getErrorRoute, PUT as setErrorStatusRoute } from "@/app/api/v4/projects/[id]/error_tracking/errors/[errorId]/route";
import { GET as listErrorsRoute } from "@/app/api/v4/projects/[id]/error_tracking/errors/route";
import {
  GET as getSettingsRoute,
  PATCH as patchSettingsRoute,
  PUT as putSettingsRoute,
} from "@/app/api/v4/projects/[id]/error_tracking/settings/route";
import { createAccessToken } from "@/lib/auth/access-tokens";
import { ACTIONS, can, ROLES, type Action, type Role, type SessionUser } from "@/lib/auth/permissions";
import { requireProject } from "@/lib/auth/require-project";
import { closeDb, installDatabase } from "@/lib/db/client";
import { createClientKey } from "@/lib/db/client-keys";
import { createProject } from "@/lib/db/projects";
import { createUser, findUserByEmail } from "@/lib/db/users";
import { addMemberPerRole } from "@/tests/support/members";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/tests/support/test-database";

// Who may do what, checked at every door (SPEC §5, STYLE §4): every caller × every page,
// server action and REST route on a project, each mapped to the one Action it requires by the
// table below. The table is held to the code: it must list every page, server action and
// route there is, and the file where each one's check is written must ask for that Action.

const CALLERS = ["signed-out", "non-member", ...ROLES, "admin"] as const;
type Caller = (typeof CALLERS)[number];
const isMember = (caller: Caller): caller is Role => (ROLES as readonly string[]).includes(caller);

// SPEC §5, written out: who may do what. Administrators act as Owner without being members.
const n = false;
const y = true;
const EXPECTED: Record<Action, Record<Caller, boolean>> = {
  "errors:read": /*     */ { "signed-out": n, "non-member": n, guest: n, reporter: y, developer: y, maintainer: y, owner: y, admin: y },
  "issues:read": /*     */ { "signed-out": n, "non-member": n, guest: n, reporter: y, developer: y, maintainer: y, owner: y, admin: y },
  "errors:triage": /*   */ { "signed-out": n, "non-member": n, guest: n, reporter: n, developer: y, maintainer: y, owner: y, admin: y },
  "settings:manage": /* */ { "signed-out": n, "non-member": n, guest: n, reporter: n, developer: n, maintainer: y, owner: y, admin: y },
  "members:manage": /*  */ { "signed-out": n, "non-member": n, guest: n, reporter: n, developer: n, maintainer: y, owner: y, admin: y },
  "project:delete": /*  */ { "signed-out": n, "non-member": n, guest: n, reporter: n, developer: n, maintainer: n, owner: y, admin: y },
};

// ---------------------------------------------------------------------------------------------
// The one table: each entry point on a project and the Action it requires.

const PAGES_DIR = "app/(signed-in)/projects/[slug]";
const API_DIR = "app/api/v4/projects/[id]";

interface Fixture {
  projectId: number;
  errorId: number;
  /** A new project with the fixture's members in their roles: for calls that delete one. */
  copyOfProject: () => Promise<number>;
}

type RestCall = (fixture: Fixture, token: string | null) => Promise<number>;

type EntryPoint =
  | { type: "page"; name: string; action: Action; file: string }
  | { type: "server action"; name: string; action: Action; file: string; checkedIn?: string }
  | { type: "REST API"; name: string; action: Action; file: string; method: string; succeeds: number[]; call: RestCall };

const page = (route: string, action: Action, file: string): EntryPoint => ({
  type: "page",
  name: `/projects/{slug}${route}`,
  action,
  file: `${PAGES_DIR}/${file}`,
});

/** `checkedIn`: the module the action hands its access check to, when not the actions file. */
const serverAction = (name: string, action: Action, file: string, checkedIn?: string): EntryPoint => ({
  type: "server action",
  name,
  action,
  file: `${PAGES_DIR}/${file}`,
  checkedIn,
});

type Handler = (request: Request, ctx: { params: Promise<never> }) => Promise<Response>;

async function callRoute(handler: unknown, method: string, route: string, params: Record<string, string>, token: string | null, body?: object) {
  const headers = new Headers(token ? { "private-token": token } : {});
  if (body) headers.set("content-type", "application/json");
  const request = new Request(`http://localhost:3000/api/v4/projects/${params.id}/error_tracking/${route}`, {
    method,
    headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const response = await (handler as Handler)(request, { params: Promise.resolve(params) as Promise<never> });
  await response.body?.cancel();
  return response.status;
}

const rest = (method: string, route: string, action: Action, file: string, succeeds: number[], call: RestCall): EntryPoint => ({
  type: "REST API",
  name: `${method} /api/v4/projects/:id/error_tracking/${route}`,
  action,
  file: `${API_DIR}/error_tracking/${file}`,
  method,
  succeeds,
  call,
});

const ENTRY_POINTS: EntryPoint[] = [
  page("/error-tracking", "errors:read", "error-tracking/page.tsx"),
  page("/error-tracking/{errorId}", "errors:read", "error-tracking/[errorId]/page.tsx"),
  page("/issues", "issues:read", "issues/page.tsx"),
  page("/issues/{iid}", "issues:read", "issues/[iid]/page.tsx"),
  page("/settings/monitor", "settings:manage", "settings/monitor/page.tsx"),
  page("/settings/members", "members:manage", "settings/members/page.tsx"),
  page("/settings/general", "project:delete", "settings/general/page.tsx"),

  serverAction("resolveError", "errors:triage", "error-tracking/actions.ts"),
  serverAction("ignoreError", "errors:triage", "error-tracking/actions.ts"),
  serverAction("unresolveError", "errors:triage", "error-tracking/actions.ts"),
  serverAction("createIssue", "errors:triage", "error-tracking/actions.ts"),
  serverAction("closeIssue", "errors:triage", "issues/[iid]/actions.ts"),
  serverAction("reopenIssue", "errors:triage", "issues/[iid]/actions.ts"),
  serverAction("saveErrorTrackingSettings", "settings:manage", "settings/monitor/actions.ts", "lib/errors/error-tracking-settings-form.ts"),
  serverAction("connectSentry", "settings:manage", "settings/monitor/actions.ts", "lib/errors/error-tracking-settings-form.ts"),
  serverAction("createClientKeyAction", "settings:manage", "settings/monitor/actions.ts", "lib/errors/error-tracking-settings-form.ts"),
  serverAction("revokeClientKeyAction", "settings:manage", "settings/monitor/actions.ts", "lib/errors/error-tracking-settings-form.ts"),
  serverAction("showLegacyDsn", "settings:manage", "settings/monitor/actions.ts", "lib/errors/error-tracking-settings-form.ts"),
  serverAction("addMember", "members:manage", "settings/members/actions.ts"),
  serverAction("changeRole", "members:manage", "settings/members/actions.ts"),
  serverAction("removeMember", "members:manage", "settings/members/actions.ts"),
  serverAction("deleteProjectAction", "project:delete", "settings/general/actions.ts"),

  rest("GET", "errors", "errors:read", "errors/route.ts", [200], (f, token) =>
    callRoute(listErrorsRoute, "GET", "errors", { id: String(f.projectId) }, token),
  ),
  rest("GET", "errors/:error_id", "errors:read", "errors/[errorId]/route.ts", [200], (f, token) =>
    callRoute(getErrorRoute, "GET", `errors/${f.errorId}`, { id: String(f.projectId), errorId: String(f.errorId) }, token),
  ),
  rest("PUT", "errors/:error_id", "errors:triage", "errors/[errorId]/route.ts", [200], (f, token) =>
    callRoute(setErrorStatusRoute, "PUT", `errors/${f.errorId}`, { id: String(f.projectId), errorId: String(f.errorId) }, token, {
      status: "resolved",
    }),
  ),
  // 201 for the first creation, 200 with the same issue after.
  rest("POST", "errors/:error_id/issue", "errors:triage", "errors/[errorId]/issue/route.ts", [200, 201], (f, token) =>
    callRoute(createIssueRoute, "POST", `errors/${f.errorId}/issue`, { id: String(f.projectId), errorId: String(f.errorId) }, token),
  ),
  rest("GET", "client_keys", "settings:manage", "client_keys/route.ts", [200], (f, token) =>
    callRoute(listClientKeysRoute, "GET", "client_keys", { id: String(f.projectId) }, token),
  ),
  rest("POST", "client_keys", "settings:manage", "client_keys/route.ts", [201], (f, token) =>
    callRoute(createClientKeyRoute, "POST", "client_keys", { id: String(f.projectId) }, token),
  ),
  rest("DELETE", "client_keys/:key_id", "settings:manage", "client_keys/[keyId]/route.ts", [200], async (f, token) => {
    const key = await createClientKey(f.projectId);
    return callRoute(revokeClientKeyRoute, "DELETE", `client_keys/${key.id}`, { id: String(f.projectId), keyId: String(key.id) }, token);
  }),
  rest("GET", "settings", "settings:manage", "settings/route.ts", [200], (f, token) =>
    callRoute(getSettingsRoute, "GET", "settings", { id: String(f.projectId) }, token),
  ),
  rest("PATCH", "settings", "settings:manage", "settings/route.ts", [200], (f, token) =>
    callRoute(patchSettingsRoute, "PATCH", "settings", { id: String(f.projectId) }, token, { active: true }),
  ),
  rest("PUT", "settings", "settings:manage", "settings/route.ts", [200], (f, token) =>
    callRoute(putSettingsRoute, "PUT", "settings", { id: String(f.projectId) }, token, { active: true, integrated: true }),
  ),
  {
    type: "REST API",
    name: "DELETE /api/v4/projects/:id",
    action: "project:delete",
    file: `${API_DIR}/route.ts`,
    method: "DELETE",
    succeeds: [202],
    call: async (f, token) => callRoute(deleteProjectRoute, "DELETE", "", { id: String(await f.copyOfProject()) }, token),
  },
];

/** Files under the project pages that hold no project data and so check nothing themselves. */
const WITHOUT_CHECK: Record<string, string> = {
  [`${PAGES_DIR}/page.tsx`]: "redirects to the error list, which checks",
};


const ofType = <T extends EntryPoint["type"]>(type: T) =>
  ENTRY_POINTS.filter((entry): entry is Extract<EntryPoint, { type: T }> => entry.type === type);

// ---------------------------------------------------------------------------------------------

describe("the rule: every caller × every action", () => {
  it("each role may do exactly what SPEC §5 says, administrators as Owner, signed-out visitors nothing", () => {
    let checked = 0;
    for (const action of ACTIONS) {
      for (const caller of CALLERS) {
        const user: SessionUser | null = caller === "signed-out" ? null : { id: 7, isAdmin: caller === "admin" };
        const project = {
          roleOf: (userId: number): Role | null => (userId === 7 && isMember(caller) ? caller : null),
        };
        expect({ action, caller, allowed: can(user, action, project) }).toEqual({ action, caller, allowed: EXPECTED[action][caller] });
        checked++;
      }
    }
    expect(checked).toBe(6 * 8);
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });
});

describe("the table of entry points matches the code", () => {
  const filesUnder = (dir: string, name: string) =>
    (readdirSync(dir, { recursive: true }) as string[])
      .filter((file) => path.basename(file) === name)
      .map((file) => path.join(dir, file))
      .sort();
  const source = (file: string) => readFileSync(file, "utf8");
  const unique = <T,>(items: T[]) => [...new Set(items)].sort();

  it("lists every page, server action and REST route on a project", () => {
    const pages = filesUnder(PAGES_DIR, "page.tsx").filter((file) => !(file in WITHOUT_CHECK));
    expect(unique(ofType("page").map((entry) => entry.file))).toEqual(pages);

    const actions = filesUnder(PAGES_DIR, "actions.ts").flatMap((file) =>
      [...source(file).matchAll(/export\s+async\s+function\s+(\w+)/g)].map((match) => `${file} ${match[1]}`),
    );
    expect(unique(ofType("server action").map((entry) => `${entry.file} ${entry.name}`))).toEqual(unique(actions));

    const routes = filesUnder(API_DIR, "route.ts").flatMap((file) =>
      [...source(file).matchAll(/export\s+async\s+function\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((match) => `${file} ${match[1]}`),
    );
    expect(unique(ofType("REST API").map((entry) => `${entry.file} ${entry.method}`))).toEqual(unique(routes));
  });

  it("covers every action", () => {
    expect(unique(ENTRY_POINTS.map((entry) => entry.action))).toEqual(unique([...ACTIONS]));
  });

  it("each page and server action asks requireProject for the action the table says, in the file that checks", () => {
    // requireProject directly, or through loadProjectForPage (which calls it with the same action).
    const accessCall = /\b(?:requireProject|loadProjectForPage)\([^;"]*"([a-z]+:[a-z]+)"/g;
    const declared = new Map<string, Set<Action>>();
    for (const entry of [...ofType("page"), ...ofType("server action")]) {
      const file = ("checkedIn" in entry && entry.checkedIn) || entry.file;
      declared.set(file, (declared.get(file) ?? new Set()).add(entry.action));
    }
    for (const [file, actions] of declared) {
      const asked = unique([...source(file).matchAll(accessCall)].map((match) => match[1]));
      expect({ file, asked }).toEqual({ file, asked: unique([...actions]) });
    }
  });
});

describe.each(DATABASE_KINDS)("every caller at every entry point on %s", (kind) => {
  let db: TestDatabase;
  let fixture: Fixture;
  let slug: string;
  const users = {} as Record<Exclude<Caller, "signed-out">, SessionUser>;
  const tokens = {} as Record<Caller, string | null>;

  beforeAll(async () => {
    db = await createTestDatabase(kind, { memory: true });
    installDatabase(db);
    const project = await createProject({ name: "Matrix" });
    if (!project.ok) throw new Error("project");
    slug = project.value.slug;
    const roleTokens = await addMemberPerRole(project.value.id, "matrix.example.com");
    for (const role of ROLES) {
      const user = await findUserByEmail(`${role}@matrix.example.com`);
      users[role] = { id: user!.id, isAdmin: false };
      tokens[role] = roleTokens[role];
    }
    for (const caller of ["admin", "non-member"] as const) {
      const user = await createUser({ email: `${caller}@matrix.example.com`, isAdmin: caller === "admin" });
      if (!user.ok) throw new Error(caller);
      users[caller] = { id: user.value.id, isAdmin: user.value.isAdmin };
      tokens[caller] = (await createAccessToken({ userId: user.value.id, name: "matrix" })).token;
    }
    tokens["signed-out"] = null;
    const error = await db.prisma.trackedError.create({
      data: { projectId: project.value.id, fingerprint: "matrix", title: "TypeError: boom", firstSeenAt: new Date(), lastSeenAt: new Date() },
    });
    const projectId = project.value.id;
    const copyOfProject = async () => {
      const copy = await createProject({ name: "Matrix copy" });
      if (!copy.ok) throw new Error("project copy");
      const members = await db.prisma.membership.findMany({ where: { projectId }, select: { userId: true, role: true } });
      await db.prisma.membership.createMany({ data: members.map((member) => ({ ...member, projectId: copy.value.id })) });
      return copy.value.id;
    };
    fixture = { projectId, errorId: error.id, copyOfProject };
  });

  afterAll(async () => {
    await closeDb();
    await db?.drop();
  });

  it("pages and server actions: allowed from the least role up, forbidden below it, not found outside the project", async () => {
    let checked = 0;
    for (const entry of [...ofType("page"), ...ofType("server action")]) {
      for (const caller of CALLERS) {
        const user = caller === "signed-out" ? null : users[caller];
        const result = await requireProject(user, slug, entry.action);
        const outcome = result.ok ? "allowed" : result.error.kind;
        const expected = EXPECTED[entry.action][caller] ? "allowed" : isMember(caller) ? "forbidden" : "not-found";
        expect({ entry: `${entry.type} ${entry.name}`, caller, outcome }).toEqual({ entry: `${entry.type} ${entry.name}`, caller, outcome: expected });
        checked++;
      }
    }
    expect(checked).toBe((7 + 15) * 8);
  });

  it("REST API: allowed from the least role up, 403 below it, 404 outside the project, 401 without a token", async () => {
    let checked = 0;
    for (const entry of ofType("REST API")) {
      for (const caller of CALLERS) {
        const status = await entry.call(fixture, tokens[caller]);
        const expected = EXPECTED[entry.action][caller] ? entry.succeeds : caller === "signed-out" ? [401] : isMember(caller) ? [403] : [404];
        expect({ entry: entry.name, caller, status }).toEqual({ entry: entry.name, caller, status: expect.toBeOneOf(expected) });
        checked++;
      }
    }
    expect(checked).toBe(11 * 8);
  });
});
