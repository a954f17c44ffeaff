import type { ApiOperation } from "../define";
import { accountOperations } from "./account.server";
import { agreementOperations } from "./agreements.server";
import { bidOperations } from "./bids.server";
import { directoryOperations } from "./directory.server";
import { orderOperations } from "./orders.server";
import { rfqOperations } from "./rfqs.server";
import { workOrderOperations } from "./work-orders.server";

/** Every operation of API v1, in the reference's order. */
export const API_OPERATIONS: readonly ApiOperation<any, any, any>[] = [...accountOperations, ...rfqOperations, ...bidOperations, ...orderOperations, ...agreementOperations, ...workOrderOperations, ...directoryOperations];
