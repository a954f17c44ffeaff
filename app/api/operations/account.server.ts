import { getDb } from "../../db.server";
import { defineOperation } from "../define";
import { MeSchema } from "../schemas";

// Who a key acts for: its organization and its own name, role and scopes (any valid key may ask).
export const accountOperations = [
  defineOperation({
    operationId: "getMe",
    method: "get",
    path: "/me",
    tag: "Keys",
    summary: "The organization and key this request acts for",
    scope: null,
    responses: { 200: { description: "The key's organization, role and scopes.", schema: MeSchema } },
    run: async ({ principal }) => {
      const organization = await getDb().selectFrom("organizations").select(["id", "legal_name", "kind", "buys"]).where("id", "=", principal.organizationId).executeTakeFirstOrThrow();
      return {
        status: 200,
        body: {
          organization: { id: organization.id, name: organization.legal_name, kind: organization.kind, buys: organization.buys === 1, sells: principal.sells },
          key: { id: principal.keyId, name: principal.keyName, role: principal.role, scopes: principal.scopes },
        },
      };
    },
  }),
];
