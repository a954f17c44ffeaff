import { fileURLToPath } from "node:url";

export const TMP_DIR = fileURLToPath(new URL("../.tmp/", import.meta.url));

/** Each Vitest run works in its own folder, so runs at the same time (or the e2e database) never collide. */
export function runDir(pid: number): string {
  return `${TMP_DIR}vitest-${pid}/`;
}
