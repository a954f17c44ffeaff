import { redirect } from "@remix-run/node";
import { getDb } from "../db.server";
import { setSessionOrganization } from "../domain/accounts/sessions.server";
import { defineAction } from "../http/action.server";
import { forbidden, requireUser, safeRedirect } from "../http/auth.server";

export async function loader() {
  return redirect("/organization");
}

/** Changes the organization the user acts for in this session (only to one they belong to). */
export const action = defineAction(async ({ request, form }) => {
  const auth = await requireUser(request);
  const formData = form;
  const switched = await setSessionOrganization(getDb(), {
    sessionId: auth.session.id,
    userId: auth.user.id,
    organizationId: Number(formData.get("organizationId")),
  });
  if (!switched) forbidden();
  return redirect(safeRedirect(String(formData.get("redirectTo") ?? "/")));
}, { resource: true });
