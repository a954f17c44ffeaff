import type { ApiOperation } from "../define";
import { accountOperations } from "./account.server";
import { directoryOperations } from "./directory.server";
import { rfqOperations } from "./rfqs.server";

/** Every operation of API v1, in the reference's order. */
export const API_OPERATIONS: readonly ApiOperation<any, any, any>[] = [...accountOperations, ...rfqOperations, ...directoryOperations];
