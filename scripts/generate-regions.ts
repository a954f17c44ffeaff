import { writeFileSync } from "node:fs";
import { regionsFromPackage } from "../app/domain/organizations/regions-source.server";

// npm run regions:generate: writes app/domain/organizations/regions.json from idn-area-data (Kemendagri's
// codes). The pages import that file, so the list travels once in a cached script chunk instead of in every
// form page's loader data; tests/domain/regions.test.ts fails when it no longer matches the package.
const regions = await regionsFromPackage();
writeFileSync(new URL("../app/domain/organizations/regions.json", import.meta.url), `${JSON.stringify(regions)}\n`);
console.log(`regions.json: ${regions.provinces.length} provinces, ${regions.regencies.length} regencies/cities`);
