import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { zodConstraint } from "../components/form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { FormErrors, SelectField, TextField } from "../components/form-fields";
import { getDb } from "../db.server";
import { addCapability } from "../domain/suppliers/add-capability.server";
import { REGIONS } from "../domain/organizations/regions";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { decideClusterProposal, listOpenClusterProposals } from "../domain/suppliers/cluster-proposals.server";
import { CapabilitySchema, ClusterDecisionSchema } from "../domain/suppliers/schemas";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireAdmin } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { useIntentResult } from "../components/intent-reply";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("taxonomy.title");

const KINDS = ["process", "material", "certificate", "cluster"] as const;

export const loader = defineLoader(async ({ request }) => {
  await requireAdmin(request);
  const db = getDb();
  return { capabilities: await listCapabilities(db), proposals: await listOpenClusterProposals(db) };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireAdmin(request);
  const actor = { userId: auth.user.id, isAdmin: auth.user.isAdmin };
  return dispatchIntent(form, {
    "cluster-decision": intent(
      ClusterDecisionSchema,
      async (v) => {
        await decideClusterProposal(getDb(), { actor, ...v, now: now() });
        return redirect(`/admin/capabilities?cluster=${v.event}`);
      },
      { keyField: "proposalId" },
    ),
    add: intent(CapabilitySchema, async (v) => {
      await addCapability(getDb(), { actorUserId: actor.userId, isAdmin: actor.isAdmin, ...v, now: now() });
      return redirect("/admin/capabilities?added=1");
    }),
  });
});

export default function TaxonomyPage() {
  const { capabilities, proposals } = useLoaderData<typeof loader>();
  const resultFor = useIntentResult<"cluster-decision" | "add">();
  const [params] = useSearchParams();
  const { t, date } = useT();
  const regencyName = (code: string) => REGIONS.regencies.find((r) => r.code === code)?.name ?? code;
  const [form, fields] = useForm({
    id: "capability",
    lastResult: resultFor("add"),
    defaultValue: { kind: "process" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CapabilitySchema }),
    constraint: zodConstraint(CapabilitySchema),
  });
  return (
    <section className="stack">
      <h1>{t("taxonomy.title")}</h1>
      {params.get("added") ? (
        <p className="notice" role="status">
          {t("common.saved")}
        </p>
      ) : null}
      {params.get("cluster") ? (
        <p className="notice" role="status">
          {t(params.get("cluster") === "confirm" ? "taxonomy.clusterConfirmed" : "taxonomy.clusterDeclined")}
        </p>
      ) : null}
      <div className="card stack" data-testid="cluster-proposals">
        <h2>{t("taxonomy.proposals")}</h2>
        {proposals.length === 0 ? <p className="hint">{t("taxonomy.noProposals")}</p> : null}
        {proposals.map((p) => (
          <ClusterProposalDecision
            key={p.id}
            proposal={p}
            lastResult={resultFor("cluster-decision", p.id)}
            caption={t("taxonomy.proposedBy", { organization: p.legal_name, regency: regencyName(p.regency_code), date: date(p.created_at) })}
          />
        ))}
      </div>
      <Form method="post" {...getFormProps(form)} className="card stack">
        <h2>{t("taxonomy.add")}</h2>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="add" />
        <div className="field-row">
          <SelectField meta={fields.kind} label={t("taxonomy.kind")} options={KINDS.map((k) => ({ value: k, label: t(`taxonomy.kind.${k}` as const) }))} />
          <TextField meta={fields.code} label={t("taxonomy.code")} hint={t("taxonomy.codeHint")} />
        </div>
        <div className="field-row">
          <TextField meta={fields.labelId} label={t("taxonomy.labelId")} />
          <TextField meta={fields.labelEn} label={t("taxonomy.labelEn")} />
        </div>
        <TextField meta={fields.regencyCodes} label={t("taxonomy.regencyCodes")} hint={t("taxonomy.regencyCodesHint")} />
        <button type="submit" className="primary">
          {t("taxonomy.addButton")}
        </button>
      </Form>
      {KINDS.map((kind) => (
        <div key={kind} className="stack">
          <h2>{t(`taxonomy.kind.${kind}` as const)}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("taxonomy.code")}</th>
                  <th>{t("taxonomy.labelId")}</th>
                  <th>{t("taxonomy.labelEn")}</th>
                  {kind === "cluster" ? <th>{t("taxonomy.regencies")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {capabilities
                  .filter((c) => c.kind === kind)
                  .map((c) => (
                    <tr key={c.code}>
                      <td>
                        <code>{c.code}</code>
                      </td>
                      <td>{c.label_id}</td>
                      <td>{c.label_en}</td>
                      {kind === "cluster" ? (
                        <td>
                          {(c.regency_codes ?? "")
                            .split(",")
                            .filter(Boolean)
                            .map(regencyName)
                            .join(", ") || "—"}
                        </td>
                      ) : null}
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}

/** One proposed cluster: confirm it under a code and labels (prefilled from the IKM's name), or decline it. */
function ClusterProposalDecision({
  proposal,
  lastResult,
  caption,
}: {
  proposal: { id: number; name: string };
  lastResult: SubmissionResult<string[]> | undefined;
  caption: string;
}) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: `cluster-${proposal.id}`,
    lastResult,
    defaultValue: { proposalId: String(proposal.id), code: suggestedCode(proposal.name), labelId: proposal.name, labelEn: proposal.name, reason: "" },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack cluster-proposal" data-testid="cluster-proposal">
      <span id={`cluster-proposal-${proposal.id}`} />
      <h3>{proposal.name}</h3>
      <p className="hint">{caption}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="cluster-decision" />
      <input type="hidden" name="proposalId" value={proposal.id} />
      <div className="field-row">
        <TextField meta={fields.code} label={t("taxonomy.code")} hint={t("taxonomy.codeHint")} />
        <TextField meta={fields.labelId} label={t("taxonomy.labelId")} />
        <TextField meta={fields.labelEn} label={t("taxonomy.labelEn")} />
      </div>
      <button type="submit" name="event" value="confirm" className="primary">
        {t("taxonomy.confirmCluster")}
      </button>
      <TextField meta={fields.reason} label={t("taxonomy.declineReason")} />
      <button type="submit" name="event" value="decline">
        {t("taxonomy.declineCluster")}
      </button>
    </Form>
  );
}

/** A capability code from a cluster's name: "Juwana, Pati" → "juwana_pati". */
function suggestedCode(name: string): string {
  const code = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  return /^[a-z0-9][a-z0-9_]{1,39}$/.test(code) ? code : "";
}
