import { randomBytes } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { CHUNK_BYTES, databaseStorage, fileStorage, localStorage, type FileStorage } from "../../../app/domain/files/storage.server";
import { testEngine } from "../../setup/engine";

// Issue 15 #3: one storage interface, two backends, the same behaviour. Both run here on this run's engine
// (the database backend in this test file's own database).

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Buffer; chunks: number[] }> {
  const chunks: number[] = [];
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value.byteLength);
    parts.push(value);
  }
  return { bytes: Buffer.concat(parts), chunks };
}

const backends: [string, () => FileStorage][] = [
  ["local folder", () => localStorage(`${inject("runDir")}storage-${process.pid}`)],
  ["database", () => databaseStorage(getDb)],
];

describe.each(backends)("file storage: %s", (_name, make) => {
  it("gives back exactly the bytes it kept, a chunk at a time", async () => {
    const storage = make();
    const bytes = randomBytes(2 * CHUNK_BYTES + 12_345);
    await storage.put("uji-besar", bytes);
    const { bytes: back, chunks } = await readAll(await storage.open("uji-besar"));
    expect(back.equals(bytes)).toBe(true);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...chunks)).toBeLessThanOrEqual(CHUNK_BYTES);
  });

  it("keeps a one-byte file, refuses to overwrite a key, and fails on a key it never kept", async () => {
    const storage = make();
    await storage.put("uji-kecil", new Uint8Array([7]));
    expect((await readAll(await storage.open("uji-kecil"))).bytes).toEqual(Buffer.from([7]));
    await expect(storage.put("uji-kecil", new Uint8Array([8]))).rejects.toThrow();
    expect((await readAll(await storage.open("uji-kecil"))).bytes).toEqual(Buffer.from([7]));
    await expect(storage.open("tidak-ada")).rejects.toThrow();
  });
});

it(`uses the ${testEngine() === "postgres" ? "database" : "local folder"} by default on ${testEngine()}`, () => {
  expect(fileStorage().name).toBe(testEngine() === "postgres" ? "database" : "local");
});
