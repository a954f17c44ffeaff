/** A stored file as a download: its type and size, never sniffed, cached privately for five minutes. */
export function fileDownload(file: { stream: ReadableStream<Uint8Array>; byteSize: number; contentType: string; name: string }): Response {
  return new Response(file.stream, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.byteSize),
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=300",
    },
  });
}
