import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import parse from "html-react-parser";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";

// The React floor for `npm run bench:pages`: a bare node:http server that answers each page with React 18's
// renderToString of the same HTML Pasok sent for it (parsed once into React elements at start), and nothing
// else — no routing, no database, no loaders. What a page costs beyond this is Pasok's own.
//   node --import tsx scripts/bench-react-floor.ts PAGES.json PORT
const [pagesFile, port] = process.argv.slice(2) as [string, string];
const pages = JSON.parse(readFileSync(pagesFile, "utf8")) as Record<string, string>;

const trees = new Map<string, ReactNode>();
for (const [path, html] of Object.entries(pages)) {
  const head = /<head>([\s\S]*?)<\/head>/.exec(html)?.[1] ?? "";
  const body = /<body[^>]*>([\s\S]*?)<\/body>/.exec(html)?.[1] ?? html;
  trees.set(path, createElement("html", { lang: "id" }, createElement("head", null, parse(head)), createElement("body", null, parse(body))));
}

createServer((req, res) => {
  const tree = trees.get(req.url ?? "");
  if (!tree) {
    res.writeHead(404).end();
    return;
  }
  const html = `<!DOCTYPE html>${renderToString(tree)}`;
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) }).end(html);
}).listen(Number(port), "127.0.0.1", () => process.send?.("ready"));
