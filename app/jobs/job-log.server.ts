import { WORKER_ID } from "./claims.server";

/**
 * One JSON line on stdout for work a background job did (the server's request log has the same shape), naming
 * this worker: with several servers, their logs together show who did what, and that nothing was done twice.
 */
export function logJob(msg: string, fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: "info", msg, worker: WORKER_ID, ...fields })}\n`);
}
