import type { Migration } from "kysely";
import * as foundation from "./20261122_0001_foundation";
import * as supplierListings from "./20261122_0002_supplier_listings";
import * as rfqs from "./20261123_0003_rfqs";
import * as orders from "./20261123_0004_orders";
import * as search from "./20261123_0005_search";
import * as searchFilters from "./20261123_0006_search_filters";
import * as searchFacetCodes from "./20261123_0007_search_facet_codes";
import * as accountSecurity from "./20261201_0008_account_security";
import * as clusterProposals from "./20261202_0009_cluster_proposals";
import * as listingSuperseded from "./20261202_0010_listing_superseded";
import * as postgres from "./20261202_0011_postgres";
import * as jobClaims from "./20261202_0012_job_claims";
import * as storedFiles from "./20261202_0013_stored_files";
import * as orderIndexes from "./20261202_0014_order_indexes";
import * as workOrders from "./20261202_0015_work_orders";
import * as auditTrail from "./20261202_0016_audit_trail";
import * as supplierDevelopment from "./20261202_0017_supplier_development";
import * as taxAndHandover from "./20261203_0018_tax_and_handover";
import * as continuity from "./20261203_0019_continuity";
import * as searchStandards from "./20261203_0020_search_standards";
import * as api from "./20261204_0021_api";

/**
 * Every migration, by its file name (timestamp first). Listed explicitly so the same code runs under tsx,
 * Vitest and the Vite build alike; tests/db/migrations.test.ts fails if a file is missing here.
 */
export const migrations: Record<string, Migration> = {
  "20261122_0001_foundation": foundation,
  "20261122_0002_supplier_listings": supplierListings,
  "20261123_0003_rfqs": rfqs,
  "20261123_0004_orders": orders,
  "20261123_0005_search": search,
  "20261123_0006_search_filters": searchFilters,
  "20261123_0007_search_facet_codes": searchFacetCodes,
  "20261201_0008_account_security": accountSecurity,
  "20261202_0009_cluster_proposals": clusterProposals,
  "20261202_0010_listing_superseded": listingSuperseded,
  "20261202_0011_postgres": postgres,
  "20261202_0012_job_claims": jobClaims,
  "20261202_0013_stored_files": storedFiles,
  "20261202_0014_order_indexes": orderIndexes,
  "20261202_0015_work_orders": workOrders,
  "20261202_0016_audit_trail": auditTrail,
  "20261202_0017_supplier_development": supplierDevelopment,
  "20261203_0018_tax_and_handover": taxAndHandover,
  "20261203_0019_continuity": continuity,
  "20261203_0020_search_standards": searchStandards,
  "20261204_0021_api": api,
};
