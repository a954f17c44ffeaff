import { z } from "zod";
import { isoDate, requiredText } from "../schema-parts";
import { API_SCOPES } from "./scopes";

/** The owner's "new API key" form (/organization/api-keys). */
export const CreateApiKeySchema = z.object({
  name: requiredText(80),
  role: z.enum(["member", "owner"], { error: "error.invalid" }).default("member"),
  scopes: z.array(z.enum(API_SCOPES as [string, ...string[]], { error: "error.invalid" }), { error: "error.apiScopesRequired" }).min(1, "error.apiScopesRequired"),
  /** The last day the key works (Asia/Jakarta); empty for no expiry. */
  expiresOn: isoDate.optional(),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeySchema>;

export const RevokeApiKeySchema = z.object({ keyId: z.number({ error: "error.number" }).int().positive() });
