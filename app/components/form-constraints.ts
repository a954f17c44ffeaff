import { getZodConstraint } from "@conform-to/zod/v4";
import type { z } from "zod";
type Constraint = ReturnType<typeof getZodConstraint>[string];

const constraints = new WeakMap<z.ZodType, Record<string, Constraint>>();

/**
 * The HTML constraints (required, minLength, maxLength, min, max) of a form's one zod schema, for `useForm`'s
 * `constraint`: the browser then knows what the server will check (screen readers announce required fields,
 * phones open the right keyboard). Read once per schema. conform still validates with the schema itself, and
 * a form rendered without JavaScript posts as it is, so the server's message is the one people read.
 */
export function zodConstraint(schema: z.ZodType): Record<string, Constraint> {
  let constraint = constraints.get(schema);
  if (!constraint) {
    constraint = getZodConstraint(schema);
    constraints.set(schema, constraint);
  }
  return constraint;
}
