import { redirect } from "@remix-run/node";
import { getDb } from "../db.server";
import { invalidateUserSessions } from "../domain/accounts/sessions.server";
import { defineAction } from "../http/action.server";
import { endSession, getAuth } from "../http/auth.server";

export async function loader() {
  return redirect("/");
}

/** Logs out this device, or with `scope=everywhere` every device of the user. */
export const action = defineAction(async ({ request, form }) => {
  const formData = form;
  const auth = await getAuth(request);
  if (auth && formData.get("scope") === "everywhere") {
    await invalidateUserSessions(getDb(), auth.user.id);
  }
  return endSession(request, "/login");
}, { resource: true });
