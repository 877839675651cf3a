// Braintree emulator, issue 12 calls: the GraphQL mutation `deletePaymentMethodFromVault`
// (DeletePaymentMethodFromVaultInput!: `paymentMethodId`). Its payload is `{clientMutationId}`;
// an id nobody vaulted (or one deleted already) is NOT_FOUND at input.paymentMethodId. A deleted
// payment method can no longer be charged (index.ts: "Unknown or expired payment method ID").
import type { Json } from "../../core/json.js";

export interface Issue12Error {
  message: string;
  errorClass: string;
  inputPath?: string[];
}

/** The operation's payload, or its error; undefined when the query is not one of these calls. */
export function braintreeIssue12(
  query: string,
  variables: Json,
  vaulted: Map<string, unknown>,
): { op: string; payload: Json } | { op: string; error: Issue12Error } | undefined {
  if (!/\bdeletePaymentMethodFromVault\(/.test(query)) return undefined;
  const op = "deletePaymentMethodFromVault";
  if (!query.includes("DeletePaymentMethodFromVaultInput!")) {
    return { op, error: { message: "Unknown operation or variable type", errorClass: "VALIDATION" } };
  }
  const input = (variables as Record<string, Json>)["input"] as Record<string, Json> | undefined;
  const id = typeof input?.["paymentMethodId"] === "string" ? (input["paymentMethodId"] as string) : "";
  if (!vaulted.delete(id)) {
    return { op, error: { message: "An object with this ID was not found.", errorClass: "NOT_FOUND", inputPath: ["input", "paymentMethodId"] } };
  }
  return { op, payload: { clientMutationId: (input?.["clientMutationId"] as string | undefined) ?? null } };
}

/**
 * `reverseTransaction` (ReverseTransactionInput!: transactionId, apiRequestKey?): a transaction
 * that can still be voided (AUTHORIZED, SUBMITTED_FOR_SETTLEMENT) is voided and returned as the
 * `Transaction`; otherwise a refund for the full amount is made and returned as the `Refund`
 * (`refundTransaction`'s rules: only a settled or settling transaction). `voidTx` and `refund`
 * throw the emulator's GraphQL errors.
 */
export function reverseTransaction(
  input: Record<string, unknown>,
  statusOf: (id: unknown) => { status: string; refundable: number },
  voidTx: (input: Json) => Json,
  refund: (input: Json) => Json,
  fail: (message: string, errorClass: string, legacyCode: string, inputPath: string[]) => never,
): Json {
  const known = new Set(["clientMutationId", "transactionId", "apiRequestKey"]);
  const unknown = Object.keys(input).find((k) => !known.has(k));
  if (unknown) throw Object.assign(new Error(`Variable 'input' has an invalid value: field '${unknown}' is not defined by type`), { validation: true });
  const { status, refundable } = statusOf(input["transactionId"]);
  if (status === "AUTHORIZED" || status === "SUBMITTED_FOR_SETTLEMENT") {
    const t = voidTx({ transactionId: input["transactionId"] }) as { transaction: Json };
    return { reversal: { __typename: "Transaction", ...t.transaction } };
  }
  // A retry with the first call's apiRequestKey gets its refund back (refundTransaction replays it).
  if (refundable <= 0 && !input["apiRequestKey"]) fail("Transaction has already been fully refunded.", "VALIDATION", "91512", ["input", "transactionId"]);
  const r = refund({ transactionId: input["transactionId"], ...(input["apiRequestKey"] ? { apiRequestKey: input["apiRequestKey"] } : {}) }) as { refund: Json };
  return { reversal: { __typename: "Refund", ...r.refund } };
}
