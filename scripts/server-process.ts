import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

// Starting the production server as its own process, shared by the HTTP test suites and the benchmarks.

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** `npm run serve` as node arguments (its heap cap included), so tests and benchmarks run the server as deployed. */
export function serveArguments(): string[] {
  const scripts = (JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { scripts: Record<string, string> }).scripts;
  const [command, ...args] = scripts.serve!.split(/\s+/);
  if (command !== "node") throw new Error(`npm run serve is expected to start node, not ${command}`);
  return args;
}

/** A TCP port nothing listens on right now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
