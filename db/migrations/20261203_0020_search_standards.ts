import { sql, type Kysely } from "kysely";

// Issue 20: a supplier's valid certificates became searchable words (search/standards.ts), so every supplier's
// search document is built again: each organization with a listing is queued for the indexer (one that is not
// live is simply removed from the index).

export async function up(db: Kysely<any>): Promise<void> {
  const at = new Date().toISOString();
  await sql`insert into search_outbox (entity_type, entity_id, attempts, next_attempt_at, created_at)
    select distinct 'supplier', organization_id, 0, ${at}, ${at} from listings`.execute(db);
}

export async function down(): Promise<void> {
  // Nothing to undo: re-indexing again is harmless.
}
