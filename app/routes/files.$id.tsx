import { getDb } from "../db.server";
import { readListingFile } from "../domain/suppliers/read-listing-file.server";
import { defineResourceLoader } from "../http/loader.server";
import { getAuth } from "../http/auth.server";
import { idParam } from "../http/params.server";

// Uploaded documents and photos, served only to those allowed to see them (see readListingFile).
export const loader = defineResourceLoader(async ({ request, params }) => {
  const id = idParam(params, "id");
  const auth = await getAuth(request);
  const viewer = auth
    ? { userId: auth.user.id, isAdmin: auth.user.isAdmin, organizationIds: auth.memberships.map((m) => m.id) }
    : null;
  const file = await readListingFile(getDb(), id, viewer);
  return new Response(file.stream, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.byteSize),
      "Content-Disposition": `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=300",
    },
  });
});
