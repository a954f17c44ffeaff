import { z } from "zod";

const flag = z
  .enum(["on", "off", "true", "false", "1", "0", "yes", "no"])
  .transform((v) => ["on", "true", "1", "yes"].includes(v));

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Where people reach Pasok; defaults to this machine on PORT. */
  PUBLIC_URL: z.url().default(`http://localhost:${process.env.PORT ?? 3000}`),
  SMTP_URL: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(3).default("Pasok <no-reply@pasok.local>"),
  PASOK_DEMO_DATA: flag.default(true),
  TRUST_PROXY: flag.default(false),
  /** Where uploaded documents and photos are kept: outside any public folder, served only through /files/:id. */
  UPLOADS_DIR: z.string().min(1).default("./data/uploads"),
  /**
   * Where uploads live: `local` (UPLOADS_DIR on this machine's disk) or `database` (in the database, in chunks,
   * for several app servers that share no disk). Default: `database` with DATABASE_URL (PostgreSQL), else `local`.
   */
  FILE_STORAGE: z.enum(["local", "database"]).optional(),
  /** PPN (VAT) in percent for new orders, e.g. 11 or 12. */
  /** Card payments through Stripe when set (test or live key); bank transfer otherwise. */
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  /** Where the Stripe SDK sends requests, e.g. http://localhost:12111 for stripe-mock; Stripe itself when unset. */
  STRIPE_API_BASE: z.url().optional(),
  /** The signing secret of the webhook endpoint (/webhooks/stripe). */
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Publishable key for the card form (Stripe.js) in the browser. */
  STRIPE_PUBLISHABLE_KEY: z.string().min(1).optional(),
  /** Search through Meilisearch at this address (e.g. http://127.0.0.1:7700); SQLite FTS5 in the app's database when unset. */
  /** The hour (WIB, 0–23) the daily digest e-mails go out. */
  DIGEST_HOUR_WIB: z.coerce.number().int().min(0).max(23).default(7),
  /** At most this many fitting suppliers are told of each newly published public RFQ. */
  RFQ_MATCH_NOTIFY_LIMIT: z.coerce.number().int().min(0).max(500).default(20),
  MEILISEARCH_URL: z.url().optional(),
  /** The Meilisearch API key (the master key or an admin key that may manage indexes). */
  MEILISEARCH_API_KEY: z.string().min(1).optional(),
  /** Requests each API key may make per minute (API v1; 429 past it, counted across every server). */
  /**
   * "allow": webhook endpoints may be on loopback or private addresses (Pasok and the ERP on one private
   * network, and the test suite); by default production sends to public https addresses only.
   */
  WEBHOOK_PRIVATE_ADDRESSES: z.enum(["allow", "refuse"]).default("refuse"),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
});

export type Config = z.infer<typeof EnvSchema>;

let cached: Config | undefined;

/** Reads and checks the environment once; a bad value stops the app with the variable's name. */
export function config(): Config {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change the environment between cases. */
export function resetConfig(): void {
  cached = undefined;
}
