import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The layers of the code, checked over its import graph (every `import … from "./…"` and `export … from`,
// type-only imports included): no cycles anywhere, and search/ is a leaf that knows nothing of app/.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FOLDERS = ["app", "search", "db", "scripts", "server"];
const SOURCE = /\.(ts|tsx)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return SOURCE.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile() && SOURCE.test(candidate)) return candidate;
  }
  return null;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/g;
const graph = new Map<string, string[]>();
for (const file of FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)))) {
  const text = readFileSync(file, "utf8");
  const targets = [...text.matchAll(IMPORT)].map((m) => resolveImport(file, m[1]!)).filter((t): t is string => t !== null);
  graph.set(file, [...new Set(targets)]);
}
const name = (file: string) => relative(ROOT, file);

/** Tarjan's strongly connected components: each with more than one file (or a file importing itself) is a cycle. */
function cycles(): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(name(w));
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

describe("the import graph", () => {
  it("reads the whole tree (the check is not vacuous)", () => {
    expect(graph.size).toBeGreaterThan(200);
    expect([...graph.values()].flat().length).toBeGreaterThan(500);
  });

  it("has no import cycles", () => {
    expect(cycles()).toEqual([]);
  });

  const importsOf = (from: string, to: string) =>
    [...graph.entries()]
      .filter(([file]) => name(file).startsWith(from))
      .flatMap(([file, targets]) => targets.filter((t) => name(t).startsWith(to)).map((t) => `${name(file)} → ${name(t)}`));

  it("keeps search/ a leaf: nothing in it imports app/ (documents are built by the domain and handed to it)", () => {
    expect(importsOf("search/", "app/")).toEqual([]);
  });

  it("keeps db/ below the app: schema, migrations and the client import nothing from app/ (the demo seed is a script)", () => {
    expect(importsOf("db/", "app/")).toEqual([]);
  });
});
