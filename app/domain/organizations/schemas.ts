import { z } from "zod";

// Shared by the forms (browser validation) and the actions (server validation). Messages are i18n keys.

export const requiredText = (max: number) =>
  z.string({ error: "error.required" }).trim().min(1, "error.required").max(max, "error.tooLong");

const digitsOnly = (value: string) => value.replace(/[\s.\-/]/g, "");

/** NIB (Nomor Induk Berusaha): 13 digits. Spaces are ignored. */
export const nibSchema = z
  .string({ error: "error.required" })
  .trim()
  .min(1, "error.required")
  .transform(digitsOnly)
  .pipe(z.string().regex(/^\d{13}$/, "error.nib"));

/** NPWP: 15 digits (old format, may be typed as 01.234.567.8-901.000) or 16 digits (NIK-based format). */
export const npwpSchema = z
  .string({ error: "error.required" })
  .trim()
  .min(1, "error.required")
  .transform(digitsOnly)
  .pipe(z.string().regex(/^(\d{15}|\d{16})$/, "error.npwp"));

export const phoneSchema = z
  .string({ error: "error.required" })
  .trim()
  .min(1, "error.required")
  .regex(/^\+?[\d\s\-()]{8,20}$/, "error.phone");

export const websiteSchema = z
  .string()
  .trim()
  .max(200, "error.tooLong")
  .transform((value) => (/^https?:\/\//i.test(value) ? value : `https://${value}`))
  .pipe(z.url({ protocol: /^https?$/, error: "error.website" }))
  .optional();

export const ORGANIZATION_KINDS = ["buyer", "supplier", "cooperative", "mentor"] as const;

export const organizationProfileFields = {
  legalName: requiredText(160),
  nib: nibSchema,
  npwp: npwpSchema,
  address: requiredText(300),
  provinceCode: z.string({ error: "error.province" }).regex(/^\d{2}$/, "error.province"),
  regencyCode: z.string({ error: "error.regency" }).regex(/^\d{2}\.\d{2}$/, "error.regency"),
  phone: phoneSchema,
  website: websiteSchema,
};

export const OrganizationProfileSchema = z.object({
  ...organizationProfileFields,
  /** Suppliers and cooperatives may also buy (raw material, tooling). Buyers always buy. */
  buys: z.literal("on").optional(),
});

export const RevokeInvitationSchema = z.object({ invitationId: z.coerce.number({ error: "error.invalid" }).int().positive() });

export const InvitationSchema = z.object({
  email: z.string({ error: "error.required" }).trim().toLowerCase().pipe(z.email({ error: "error.email" }).max(254, "error.tooLong")),
  role: z.enum(["owner", "member"], { error: "error.role" }),
});
