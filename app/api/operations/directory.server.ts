import { getSearchEngine } from "../../domain/search/engine.server";
import { DirectoryQuerySchema } from "../../domain/suppliers/schemas";
import { defineOperation } from "../define";
import { DirectoryResultSchema } from "../schemas";

// The supplier directory over API v1: the directory page's own query schema and search (mode "last": every
// word while that finds enough, then partial matches after the full ones, each saying what it lacks).
const PAGE_SIZE = 20;

export const directoryOperations = [
  defineOperation({
    operationId: "searchSuppliers",
    method: "get",
    path: "/directory/suppliers",
    tag: "Directory",
    summary: "Search the supplier directory",
    description:
      "Words in Bahasa Indonesia or English (`q`, typos forgiven), filters by process, material, certificate (valid today), province (2-digit code), cluster, minimum TKDN and monthly capacity, 20 per `page`, with facet counts. Values that are not valid are ignored, as in the directory page.",
    scope: "directory:read",
    query: DirectoryQuerySchema,
    responses: { 200: { description: "One page of suppliers, best first.", schema: DirectoryResultSchema } },
    run: async ({ query }) => {
      const { q = "", page = 1, ...filters } = query;
      const result = await getSearchEngine().searchSuppliers({ q, filters, mode: "last", limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, facets: true });
      return {
        status: 200,
        body: {
          data: result.hits.map(({ doc, missing }) => ({
            id: Number(doc.id),
            slug: doc.slug,
            kind: doc.kind,
            name: doc.name,
            headline: doc.headline,
            provinceCode: doc.provinceCode,
            provinceName: doc.provinceName,
            regencyName: doc.regencyName,
            clusterCode: doc.clusterCode,
            processes: doc.processes,
            materials: doc.materials,
            certificates: doc.certificates,
            tkdnPercent: doc.tkdnPercent,
            capacityPcsPerMonth: doc.capacityPcsPerMonth,
            missing,
          })),
          total: result.total,
          exhaustive: result.exhaustive,
          page,
          pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
          facets: result.facets as Record<string, Record<string, number>>,
        },
      };
    },
  }),
];
