/** The audit-row kinds that make up an IKM's development history (its ladder page). */
export const HISTORY_ENTITIES = ["ladder_stage", "ladder_evidence", "mentor_visit", "enrolment", "supplier_relationship"] as const;
export type HistoryEntity = (typeof HISTORY_ENTITIES)[number];
