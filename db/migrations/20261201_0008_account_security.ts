import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// Account security (issue 12): single-use e-mail tokens (confirming a sign-up, resetting a password), TOTP
// two-factor sign-in with recovery codes, and sessions that remember whether their second factor passed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("email_tokens")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('sign_up', 'password_reset')`))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("users.id").onDelete("cascade"))
    // SHA-256 (hex) of the token in the link; the token itself is never stored.
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    // For a sign-up: what the form held (the password only as its argon2 hash), to create the account from.
    .addColumn("payload", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("issued").check(sql`status in ('issued', 'used', 'superseded')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("email_tokens_email").on("email_tokens").columns(["email", "purpose", "created_at"]).execute();

  await db.schema.alterTable("users").addColumn("totp_key", "blob").execute();
  await db.schema.alterTable("users").addColumn("totp_enabled_at", "text").execute();
  await db.schema
    .alterTable("sessions")
    .addColumn("two_factor_verified", "integer", (c) => c.notNull().defaultTo(0).check(sql`two_factor_verified in (0, 1)`))
    .execute();
  await db.schema
    .alterTable("sessions")
    .addColumn("two_factor_failures", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("recovery_codes")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("recovery_codes_user").on("recovery_codes").columns(["user_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("recovery_codes").execute();
  await db.schema.alterTable("sessions").dropColumn("two_factor_failures").execute();
  await db.schema.alterTable("sessions").dropColumn("two_factor_verified").execute();
  await db.schema.alterTable("users").dropColumn("totp_enabled_at").execute();
  await db.schema.alterTable("users").dropColumn("totp_key").execute();
  await db.schema.dropTable("email_tokens").execute();
}
