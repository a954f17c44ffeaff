import { z } from "zod";

// Pieces the forms' zod schemas share (browser and server validation alike). Messages are i18n keys.

export const optionalText = (max: number) => z.string().trim().max(max, "error.tooLong").optional();
export const requiredText = (max: number) =>
  z.string({ error: "error.required" }).trim().min(1, "error.required").max(max, "error.tooLong");
export const wholeNumber = z.number({ error: "error.number" }).int("error.wholeNumber");
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "error.date");
export const code = z.string().regex(/^[a-z0-9_]{2,40}$/, "error.invalid");

type Row = Record<string, unknown>;
const isBlank = (row: Row | undefined): boolean =>
  !row || Object.values(row).every((v) => v === undefined || v === "" || (Array.isArray(v) && v.every((x) => isBlank(x as Row))));

/** Rows the user left empty (the spare row of a list) are dropped; a started row must be complete. */
export function rows<T extends z.ZodObject>(row: T, required: (keyof z.infer<T> & string)[]) {
  return z
    .array(
      row.superRefine((value, ctx) => {
        if (isBlank(value as Row)) return;
        for (const key of required) {
          const v = (value as Row)[key];
          if (v === undefined || v === "") ctx.addIssue({ code: "custom", path: [key], message: "error.required" });
        }
      }),
    )
    .default([])
    .transform((list) => list.filter((r) => !isBlank(r as Row)) as z.infer<T>[]);
}
