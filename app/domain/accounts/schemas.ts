import { z } from "zod";
import { ORGANIZATION_KINDS, organizationProfileFields, requiredText } from "../organizations/schemas";

export const PASSWORD_MIN_LENGTH = 10;

export const emailSchema = z
  .string({ error: "error.required" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "error.email" }).max(254, "error.tooLong"));

const passwordSchema = z
  .string({ error: "error.required" })
  .min(PASSWORD_MIN_LENGTH, `error.passwordShort`)
  .max(200, "error.tooLong");

/** A password may not be the e-mail address (in any letter case). */
function passwordNotEmail<T extends { email: string; password: string }>(value: T, ctx: z.RefinementCtx) {
  if (value.password.trim().toLowerCase() === value.email.trim().toLowerCase()) {
    ctx.addIssue({ code: "custom", path: ["password"], message: "error.passwordIsEmail" });
  }
}

const accountFields = {
  name: requiredText(120),
  email: emailSchema,
  password: passwordSchema,
};

export const SignUpWithOrganizationSchema = z
  .object({
    ...accountFields,
    kind: z.enum(ORGANIZATION_KINDS, { error: "error.orgKind" }),
    buys: z.literal("on").optional(),
    ...organizationProfileFields,
  })
  .superRefine(passwordNotEmail);

export const SignUpByInvitationSchema = z
  .object({ ...accountFields, invite: z.string().min(1) })
  .superRefine(passwordNotEmail);

export const LoginSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "error.required" }).min(1, "error.required"),
  redirectTo: z.string().optional(),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "error.required" }).min(1, "error.required"),
    newPassword: passwordSchema,
    confirmPassword: z.string({ error: "error.required" }),
  })
  .superRefine((value, ctx) => {
    if (value.newPassword !== value.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "error.passwordMismatch" });
    }
  });

export const ProfileSchema = z.object({ name: requiredText(120) });

export type SignUpWithOrganizationInput = z.infer<typeof SignUpWithOrganizationSchema>;
export type SignUpByInvitationInput = z.infer<typeof SignUpByInvitationSchema>;

export const ForgotPasswordSchema = z.object({ email: emailSchema });

export const ResetPasswordSchema = z
  .object({ newPassword: passwordSchema, confirmPassword: z.string({ error: "error.required" }) })
  .superRefine((value, ctx) => {
    if (value.newPassword !== value.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "error.passwordMismatch" });
    }
  });

const totpCode = z
  .string({ error: "error.required" })
  .trim()
  .regex(/^\d{3}\s?\d{3}$/, "error.totpInvalid");

export const SecondFactorSchema = z.object({
  intent: z.enum(["code", "recovery"]).default("code"),
  code: z.string().trim().max(20).optional(),
  recoveryCode: z.string().trim().max(40).optional(),
  redirectTo: z.string().max(2000).optional(),
}).superRefine((value, ctx) => {
  if (value.intent === "code" && !totpCode.safeParse(value.code ?? "").success) {
    ctx.addIssue({ code: "custom", path: ["code"], message: "error.totpInvalid" });
  }
  if (value.intent === "recovery" && !value.recoveryCode) {
    ctx.addIssue({ code: "custom", path: ["recoveryCode"], message: "error.required" });
  }
});

export const TWO_FACTOR_INTENTS = ["enable", "disable", "regenerate"] as const;

export const EnableTwoFactorSchema = z.object({
  intent: z.literal("enable"),
  key: z.string({ error: "error.invalid" }).min(16).max(64),
  code: totpCode,
});

export const DisableTwoFactorSchema = z.object({
  intent: z.literal("disable"),
  password: z.string({ error: "error.required" }).min(1, "error.required").max(200, "error.tooLong"),
  code: totpCode,
});

export const RegenerateRecoveryCodesSchema = z.object({ intent: z.literal("regenerate"), code: totpCode });
