import path from "node:path";
import { z } from "zod";

// The only reader of process.env. Parsed once, on first use.

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
  };
  return cached;
}
