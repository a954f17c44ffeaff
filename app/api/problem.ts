import { z } from "zod";
import { isMessageKey, translate, translateError, type Locale, type MessageKey, type MessageParams } from "../i18n/i18n";

// Errors of API v1 as RFC 9457 problem details, in the client's language (Accept-Language: id, else English),
// with the field errors a form would show next to its fields (`errors`: a JSON pointer into the body, the
// message and its key).

export const FieldErrorSchema = z
  .object({
    pointer: z.string().meta({ description: "JSON pointer into the request body (RFC 6901), e.g. /lines/0/quantity; empty for the whole body." }),
    detail: z.string(),
    messageKey: z.string(),
  })
  .meta({ id: "FieldError" });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    messageKey: z.string().meta({ description: "The stable key of the message (the same the UI translates)." }),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({ id: "Problem", description: "An RFC 9457 problem (application/problem+json)." });

export type FieldError = z.infer<typeof FieldErrorSchema>;

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  410: "Gone",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  428: "Precondition Required",
  429: "Too Many Requests",
};

export function apiLocale(request: Request): Locale {
  const first = request.headers.get("Accept-Language")?.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("id") ? "id" : "en";
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: MessageKey,
    readonly errors: { pointer: string; messageKey: string }[] = [],
    readonly headers: Record<string, string> = {},
    readonly params?: MessageParams,
  ) {
    super(messageKey);
  }
}

export function problemResponse(problem: ApiProblem, locale: Locale, extraHeaders: Record<string, string> = {}): Response {
  const body = {
    type: "about:blank",
    title: TITLES[problem.status] ?? "Error",
    status: problem.status,
    detail: translate(locale, problem.messageKey, problem.params),
    messageKey: problem.messageKey,
    ...(problem.errors.length > 0
      ? { errors: problem.errors.map((e) => ({ pointer: e.pointer, detail: translateError(locale, e.messageKey), messageKey: isMessageKey(e.messageKey.split("|")[0]) ? e.messageKey.split("|")[0]! : "error.invalid" })) }
      : {}),
  };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { "Content-Type": "application/problem+json; charset=utf-8", "Content-Language": locale, ...extraHeaders, ...problem.headers },
  });
}

/** zod issues as field errors (the pointer is the issue's path). */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[]): { pointer: string; messageKey: string }[] {
  return issues.map((issue) => ({
    pointer: issue.path.length === 0 ? "" : `/${issue.path.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`,
    messageKey: issue.message,
  }));
}
