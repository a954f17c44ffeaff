import { z } from "zod";
import { NOTIFICATION_CATEGORIES, type NotificationCategory } from "./kinds";

export const CHANNELS = ["in_app", "email", "digest"] as const;

/** The preferences form: one channel per category (a missing one keeps what it was). */
export const PreferencesSchema = z.object(
  Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, z.enum(CHANNELS, { error: "error.invalid" }).optional()])) as Record<
    NotificationCategory,
    z.ZodOptional<z.ZodEnum<{ in_app: "in_app"; email: "email"; digest: "digest" }>>
  >,
);
