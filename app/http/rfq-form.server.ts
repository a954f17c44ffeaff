import { data } from "@remix-run/node";
import { RfqSchema } from "../domain/rfqs/schemas";
import type { ReadForm } from "./form-body.server";
import { parseFormWithFiles } from "./multipart.server";

/**
 * The RFQ editor's form (new RFQ, draft, amendment) with its drawings: `input` for the use case, or `early`,
 * the answer to send at once when the form is not ready for it: a drawing over 25 MB (413), invalid fields
 * (400), or a conform intent such as adding a line without JavaScript (200, the form comes back changed).
 */
export function readRfqForm(read: ReadForm) {
  const { submission, hideFields, tooLargeReply } = parseFormWithFiles(read, RfqSchema, { tooLargeMessage: "error.drawingTooLarge" });
  const early =
    tooLargeReply ??
    (submission.status !== "success"
      ? data(submission.reply({ hideFields }), { status: submission.status === "error" ? 400 : 200 })
      : null);
  return { submission, hideFields, early, input: submission.status === "success" && !early ? submission.value : null };
}
