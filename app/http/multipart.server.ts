import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { z } from "zod";
import type { ReadForm } from "./form-body.server";

/**
 * Parses a form that may carry files with its zod schema. Files are never sent back, so their fields are
 * hidden from the reply (`hideFields`); a file over the route's limit becomes a 413 reply with the message
 * next to its field and everything else the user typed kept.
 */
export function parseFormWithFiles<Schema extends z.ZodType>(
  { form, tooLarge }: ReadForm,
  schema: Schema,
  options: { tooLargeMessage?: string } = {},
) {
  const submission = parseWithZod(form, { schema });
  const hideFields = [...new Set([...[...form.entries()].filter(([, v]) => typeof v !== "string").map(([k]) => k), ...tooLarge])];
  const tooLargeReply =
    tooLarge.length > 0
      ? data(
          submission.reply({
            fieldErrors: Object.fromEntries(tooLarge.map((name) => [name, [options.tooLargeMessage ?? "error.fileTooLarge"]])),
            hideFields,
          }),
          { status: 413 },
        )
      : null;
  return { formData: form, submission, hideFields, tooLargeReply };
}
