import { z } from "zod";

// A ladder stage's criteria are data an admin edits (table ladder_stages, column criteria): each says what
// evidence meets it. The kinds are the only code; which criteria a stage has, their labels and thresholds
// are rows. `evaluateStage` decides, from the evidence gathered for one IKM, which criteria are met.

export const CRITERION_KINDS = ["score", "certificate", "document", "gap_assessment", "ppap", "trial_orders", "approved_by_buyer"] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

export const CriterionSchema = z.object({
  code: z.string().regex(/^[a-z0-9_]{2,40}$/, "error.invalid"),
  labelId: z.string().trim().min(1, "error.required").max(160, "error.tooLong"),
  labelEn: z.string().trim().min(1, "error.required").max(160, "error.tooLong"),
  kind: z.enum(CRITERION_KINDS, { error: "error.invalid" }),
  /** score: the lowest passing score; ppap: the lowest level; trial_orders: how many. */
  min: z.number().int().min(0).max(100).optional(),
  /** score: the top of the scale. */
  max: z.number().int().min(1).max(100).optional(),
  /** certificate: its capability code (iso9001, iso14001, iatf16949, …). */
  certificate: z.string().regex(/^[a-z0-9_]{2,40}$/).optional(),
});
export type LadderCriterion = z.infer<typeof CriterionSchema>;

export function parseCriteria(json: string): LadderCriterion[] {
  try {
    const parsed = z.array(CriterionSchema).safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** What is known about one IKM, gathered once for its whole ladder. */
export interface LadderFacts {
  today: string;
  /** Certificate codes valid today on the live listing. */
  listingCertificates: ReadonlySet<string>;
  /** Evidence rows per stage id. */
  evidence: readonly { stageId: number; criterionCode: string; kind: string; ppapLevel: number | null; fileId: number | null; validUntil: string | null }[];
  /** Scores of the latest scored assessment per stage id. */
  latestScores: ReadonlyMap<number, Record<string, number>>;
  /** Stage ids with a recorded gap assessment. */
  gapAssessed: ReadonlySet<number>;
  trialOrdersPassed: number;
  approvedBuyers: number;
}

export interface CriterionState {
  criterion: LadderCriterion;
  met: boolean;
  /** The score, level or count that decided it, when there is one. */
  value: number | null;
}

export function evaluateCriterion(stageId: number, criterion: LadderCriterion, facts: LadderFacts): CriterionState {
  const evidence = facts.evidence.filter((e) => e.stageId === stageId && e.criterionCode === criterion.code);
  const validDocument = evidence.some((e) => (e.kind === "document" || e.kind === "photo") && e.fileId !== null && (e.validUntil === null || e.validUntil >= facts.today));
  switch (criterion.kind) {
    case "score": {
      const value = facts.latestScores.get(stageId)?.[criterion.code] ?? null;
      return { criterion, value, met: value !== null && value >= (criterion.min ?? 1) };
    }
    case "certificate": {
      const listed = criterion.certificate ? facts.listingCertificates.has(criterion.certificate) : false;
      return { criterion, value: null, met: listed || validDocument };
    }
    case "document":
      return { criterion, value: null, met: validDocument };
    case "gap_assessment":
      return { criterion, value: null, met: facts.gapAssessed.has(stageId) };
    case "ppap": {
      const levels = evidence.filter((e) => e.kind === "ppap" && e.fileId !== null).map((e) => e.ppapLevel ?? 0);
      const value = levels.length ? Math.max(...levels) : null;
      return { criterion, value, met: value !== null && value >= (criterion.min ?? 1) };
    }
    case "trial_orders":
      return { criterion, value: facts.trialOrdersPassed, met: facts.trialOrdersPassed >= (criterion.min ?? 1) };
    case "approved_by_buyer":
      return { criterion, value: facts.approvedBuyers, met: facts.approvedBuyers > 0 };
  }
}

/** A stage is ready for sign-off when all its criteria are met ('all') or one is ('any'); a stage without criteria is a mentor's judgement. */
export function evaluateStage(stage: { id: number; rule: "all" | "any"; criteria: readonly LadderCriterion[] }, facts: LadderFacts) {
  const states = stage.criteria.map((c) => evaluateCriterion(stage.id, c, facts));
  const ready = states.length === 0 || (stage.rule === "any" ? states.some((s) => s.met) : states.every((s) => s.met));
  return { states, ready };
}
