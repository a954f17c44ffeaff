import type { ListingEditorPage } from "../../domain/suppliers/listing-views.server";
import { useT } from "../../i18n/use-t";

/** The listing's moderation history (with the admin's comments per section) and its uploaded files. */
export function ListingHistory({ history, files }: Pick<ListingEditorPage, "history" | "files">) {
  const { t, date, fileSize } = useT();
  return (
    <>
      <h2>{t("listing.history")}</h2>
      {history.length === 0 ? (
        <p className="empty">{t("listing.noHistory")}</p>
      ) : (
        <ListingEvents history={history} />
      )}

      {files.length > 0 ? (
        <>
          <h2>{t("listing.files")}</h2>
          <ul className="history">
            {files.map((f) => (
              <li key={f.id}>
                <a href={`/files/${f.id}`} target="_blank" rel="noreferrer">
                  {f.label || f.original_name}
                </a>{" "}
                · {f.original_name} · {fileSize(f.byte_size)} · {date(f.created_at)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** The listing's moderation events, newest first; with `comments`, the admin's comment per section under each. */
export function ListingEvents({ history, comments = true }: { history: ListingEditorPage["history"]; comments?: boolean }) {
  const { t, tStored, dateTime } = useT();
  return (
    <ul className="history">
      {history.map((h) => (
        <li key={h.id}>
          <strong>{tStored(`listingEvent.${h.action}`)}</strong> · {t("listing.versionNumber", { number: h.versionNumber ?? "-" })} ·{" "}
          {dateTime(h.created_at)}
          {h.actor ? ` · ${h.actor}` : ""}
          {h.reason ? <p>{h.reason}</p> : null}
          {comments && Object.entries(h.comments).length > 0 ? (
            <ul>
              {Object.entries(h.comments).map(([section, text]) => (
                <li key={section}>
                  {tStored(`listing.section.${section}`)}: {text}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
