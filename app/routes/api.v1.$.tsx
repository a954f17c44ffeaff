import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApiRequest } from "../api/handle.server";
import { assertSameOrigin } from "../http/origin.server";

// Every request under /api/v1 (but the reference page): API v1 answers it (app/api/handle.server.ts). A browser
// posting here on behalf of another site is refused like any form post; ERPs send no such headers.
export async function loader({ request, context }: LoaderFunctionArgs) {
  return handleApiRequest(request, context);
}

export const action = Object.assign(
  async ({ request, context }: ActionFunctionArgs) => {
    assertSameOrigin(request);
    return handleApiRequest(request, context);
  },
  { sameOriginChecked: true as const },
);
