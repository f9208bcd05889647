import path from "node:path";
import { z } from "zod";

// The only reader of process.env. Parsed once, on first use.

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const Environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOSTNAME: z.string().min(1).default("0.0.0.0"),
  FAULTLINE_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  FAULTLINE_DATA_DIR: z.string().min(1).default("./data"),
  AUTH_SECRET: z.string().min(16, "AUTH_SECRET must be at least 16 characters").optional(),
  FAULTLINE_ALLOW_LOCAL_NETWORK: z
    .enum(["true", "false", "1", "0", ""])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /** Events flushed per storage transaction at most (ingestion batching). */
  FAULTLINE_INGEST_MAX_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  AUTH_GITHUB_ID: optionalText,
  AUTH_GITHUB_SECRET: optionalText,
  AUTH_GITLAB_ID: optionalText,
  AUTH_GITLAB_SECRET: optionalText,
  /** A self-managed GitLab's base URL; gitlab.com when unset. */
  AUTH_GITLAB_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  AUTH_GOOGLE_ID: optionalText,
  AUTH_GOOGLE_SECRET: optionalText,
  AUTH_OIDC_ISSUER: z.url().optional().or(z.literal("").transform(() => undefined)),
  AUTH_OIDC_ID: optionalText,
  AUTH_OIDC_SECRET: optionalText,
  /** What the sign-in button calls the OpenID Connect provider. */
  AUTH_OIDC_NAME: z.string().trim().min(1).max(60).default("OpenID Connect"),
  /** The Owner account created on a first start. */
  FAULTLINE_OWNER_EMAIL: z
    .string()
    .regex(/^[^\s@]+@[^\s@]+$/, "FAULTLINE_OWNER_EMAIL must be an email address")
    .default("owner@localhost"),
});

export interface Config {
  port: number;
  hostname: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  authSecret: string | undefined;
  allowLocalNetwork: boolean;
  ingestMaxBatch: number;
  ownerEmail: string;
  oauth: OAuthConfig;
}

/** Each provider is present only when fully configured. */
export interface OAuthConfig {
  github?: { clientId: string; clientSecret: string };
  gitlab?: { clientId: string; clientSecret: string; baseUrl: string };
  google?: { clientId: string; clientSecret: string };
  oidc?: { clientId: string; clientSecret: string; issuer: string; name: string };
}

let cached: Config | undefined;

export function getConfig(): Config {
  if (cached) return cached;
  const parsed = Environment.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const env = parsed.data;
  cached = {
    port: env.PORT,
    hostname: env.HOSTNAME,
    publicUrl: (env.FAULTLINE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    databaseUrl: env.DATABASE_URL,
    dataDir: path.resolve(env.FAULTLINE_DATA_DIR),
    authSecret: env.AUTH_SECRET,
    allowLocalNetwork: env.FAULTLINE_ALLOW_LOCAL_NETWORK,
    ingestMaxBatch: env.FAULTLINE_INGEST_MAX_BATCH,
    ownerEmail: env.FAULTLINE_OWNER_EMAIL,
    oauth: readOAuthConfig(env),
  };
  return cached;
}

function readOAuthConfig(env: z.infer<typeof Environment>): OAuthConfig {
  const oauth: OAuthConfig = {};
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    oauth.github = { clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET };
  }
  if (env.AUTH_GITLAB_ID && env.AUTH_GITLAB_SECRET) {
    oauth.gitlab = {
      clientId: env.AUTH_GITLAB_ID,
      clientSecret: env.AUTH_GITLAB_SECRET,
      baseUrl: (env.AUTH_GITLAB_URL ?? "https://gitlab.com").replace(/\/*$/, "/"),
    };
  }
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
    oauth.google = { clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET };
  }
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET) {
    oauth.oidc = {
      clientId: env.AUTH_OIDC_ID,
      clientSecret: env.AUTH_OIDC_SECRET,
      issuer: env.AUTH_OIDC_ISSUER,
      name: env.AUTH_OIDC_NAME,
    };
  }
  return oauth;
}
