import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useSearchParams } from "@remix-run/react";
import { SaveSearchSchema } from "../../domain/rfqs/schemas";
import { rfqSearchString, type RfqSearch } from "../../domain/rfqs/rfq-search";
import { useT } from "../../i18n/use-t";
import { FormErrors, TextField } from "../form-fields";

/**
 * The supplier's saved searches of the open RFQs (each a link that runs it again, and a delete button), and a
 * form to save the search on screen: a new RFQ it finds is then announced (notifications, by preference).
 */
export function SavedSearches({
  saved,
  query,
  lastResult,
}: {
  saved: { id: number; name: string; query: string }[];
  query: RfqSearch;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useT();
  const [params] = useSearchParams();
  const current = rfqSearchString(query);
  const [form, fields] = useForm({
    id: "save-search",
    lastResult,
    defaultValue: { name: query.q ?? "", query: current },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SaveSearchSchema }),
  });
  return (
    <div className="card stack" data-testid="saved-searches">
      {params.get("saved") ? (
        <p className="notice" role="status">
          {t("savedSearch.saved")}
        </p>
      ) : null}
      {saved.length > 0 ? (
        <>
          <h3>{t("savedSearch.title")}</h3>
          <ul className="plain-list">
            {saved.map((s) => (
              <li key={s.id} className="row-between">
                <Link to={`/rfqs?${s.query}`}>{s.name}</Link>
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="delete_search" />
                  <input type="hidden" name="id" value={s.id} />
                  <button type="submit" className="link-button">
                    {t("savedSearch.delete", { name: s.name })}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {current ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="save_search" />
          <input type="hidden" name="query" value={current} />
          <TextField meta={fields.name} label={t("savedSearch.name")} hint={t("savedSearch.hint")} />
          <div className="actions">
            <button type="submit">{t("savedSearch.save")}</button>
          </div>
        </Form>
      ) : (
        <p className="hint">{t("savedSearch.empty")}</p>
      )}
    </div>
  );
}
