import type { SubmissionResult } from "@conform-to/react";

/**
 * A form's last reply, only if its rows still match the rows the page draws from its data; otherwise
 * undefined, so the form starts again from the data. Pages draw their rows from the data (an RFQ's lines,
 * the comparison's cells), never from what was posted: a crafted reply with fewer, more or other rows than
 * the data must not reach the field list.
 */
export function replyMatchingRows<R extends SubmissionResult<string[]> | undefined | null>(
  reply: R,
  rowsMatch: (initial: Record<string, unknown>) => boolean,
): R | undefined {
  if (!reply || typeof reply !== "object" || !("initialValue" in reply)) return reply ?? undefined;
  const initial = reply.initialValue;
  if (!initial) return reply;
  return rowsMatch(initial as Record<string, unknown>) ? reply : undefined;
}

/** The posted rows of a list, each as an object (holes and non-objects become {}). */
export function postedRows(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return Array.from(value, (row) => (row && typeof row === "object" && !Array.isArray(row) ? (row as Record<string, unknown>) : {}));
}

/**
 * A form's last reply, only if each named list holds rows (objects), as a browser's form always posts them;
 * a crafted "lines=text" would otherwise reach conform's field list, which throws on anything but a list.
 */
export function replyWithLists<R extends SubmissionResult<string[]> | undefined | null>(reply: R, lists: readonly string[]): R | undefined {
  return replyMatchingRows(reply, (posted) =>
    lists.every((name) => {
      const value = posted[name];
      return value === undefined || (Array.isArray(value) && value.every((row) => row === undefined || (row !== null && typeof row === "object" && !Array.isArray(row))));
    }),
  );
}
