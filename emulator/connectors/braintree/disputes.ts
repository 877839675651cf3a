// Braintree emulator, issue 12's session and disputes (GraphQL reference and schema,
// github.com/braintree/graphql-api):
// - `createClientToken` (CreateClientTokenInput: clientToken {merchantAccountId, customerId}):
//   a base64 client token; an unknown merchant account or customer is NOT_FOUND.
// - disputes: `acceptDispute` and `finalizeDispute` (AcceptDisputeInput! / FinalizeDisputeInput!:
//   disputeId) take an OPEN dispute only ("Only disputes with a status of OPEN can be accepted /
//   finalized"), to ACCEPTED / DISPUTED; `createDisputeTextEvidence` (CreateDisputeTextEvidenceInput!:
//   disputeId, category, content), any number of aliased fields in one document, run in order, each
//   its own result (a refused one is null with its error, the next ones still run, as GraphQL does);
//   `createDisputeFileEvidence` as a multipart request (operations, map {file_to_upload:
//   variables.file}, the file; PNG, JPEG or PDF, 4 MB at most); `node(id)` on a Dispute.
// - emulator-only: `POST /_emulator/dispute/<transactionId>` opens a chargeback on a transaction
//   (OPEN, the transaction's amount, reply-by 7 days on) and posts `dispute_opened`;
//   `POST /_emulator/dispute/<disputeId>/resolve?outcome=won|lost` decides a DISPUTED one and posts
//   `dispute_won` / `dispute_lost`. Accepting and finalizing post `dispute_accepted` /
//   `dispute_disputed`. Notifications are signed as index.ts signs `transaction_settled`, with
//   legacy ids, as Braintree's are.
import { createHash, createHmac, randomBytes } from "node:crypto";
import type { EmuContext, EmuRequest, EmuResponse } from "../../core/types.js";
import type { Json } from "../../core/json.js";
import { formatDecimal } from "../../core/money.js";

const TEXT_CATEGORIES = new Set([
  "CARRIER_NAME", "CREDIT_ISSUED_AMOUNT", "CREDIT_ISSUED_ARN", "CREDIT_ISSUED_DATE_TIME", "DEVICE_ID", "DEVICE_NAME",
  "DOWNLOAD_DATE_TIME", "GENERAL", "GEOGRAPHICAL_LOCATION", "PRIOR_DIGITAL_GOODS_TRANSACTION_ARN",
  "PRIOR_DIGITAL_GOODS_TRANSACTION_DATE_TIME", "PRIOR_DIGITAL_GOODS_TRANSACTION_ID", "PRIOR_NON_DISPUTED_TRANSACTION_ARN",
  "PRIOR_NON_DISPUTED_TRANSACTION_DATE_TIME", "PRIOR_NON_DISPUTED_TRANSACTION_EMAIL_ADDRESS", "PRIOR_NON_DISPUTED_TRANSACTION_ID",
  "PRIOR_NON_DISPUTED_TRANSACTION_IP_ADDRESS", "PRIOR_NON_DISPUTED_TRANSACTION_PHONE_NUMBER",
  "PRIOR_NON_DISPUTED_TRANSACTION_PHYSICAL_ADDRESS", "PURCHASER_EMAIL_ADDRESS", "PURCHASER_IP_ADDRESS", "PURCHASER_NAME",
  "RECURRING_TRANSACTION_ARN", "RECURRING_TRANSACTION_DATE_TIME", "RECURRING_TRANSACTION_ID", "REFUND_ID", "TRACKING_NUMBER",
]);
const FILE_TYPES = new Set(["application/pdf", "image/png", "image/jpeg", "image/jpg"]);
const EXPONENT: Record<string, number> = { USD: 2, JPY: 0, EUR: 2 };

interface Dispute {
  id: string;
  legacyId: string;
  status: string;
  transactionId: string;
  transactionLegacyId: string;
  amount: number;
  currency: string;
  replyByDate: string;
  evidence: Array<{ id: string; category: string | null }>;
}

export interface DisputeHooks {
  /** The transaction (GraphQL id) a dispute is opened on. */
  transaction(id: string): { legacyId: string; amount: number; currency: string } | undefined;
  merchantAccounts: Record<string, string>;
  customers: Set<string>;
  publicKey: string;
  privateKey: string;
}

interface GqlError {
  message: string;
  errorClass: string;
  inputPath?: string[];
  path?: string[];
}

export function createBraintreeDisputes(ctx: EmuContext, h: DisputeHooks) {
  const disputes = new Map<string, Dispute>();
  let seq = 0;

  const answer = (data: Json | null, errors: GqlError[] = []): EmuResponse => {
    const body: Json = { data };
    if (errors.length) {
      body.errors = errors.map((e) => ({
        message: e.message,
        locations: [{ line: 1, column: 1 }],
        ...(e.path ? { path: e.path } : {}),
        extensions: { errorClass: e.errorClass, ...(e.inputPath ? { inputPath: e.inputPath } : {}) },
      }));
    }
    body.extensions = { requestId: `emu-dispute-${++seq}` };
    return { status: 200, json: body };
  };

  const view = (d: Dispute): Json => ({
    id: d.id,
    status: d.status,
    amountDisputed: { value: formatDecimal(d.amount, EXPONENT[d.currency] ?? 2), currencyCode: d.currency },
    replyByDate: d.replyByDate,
    responseDeadline: null,
    processorResponse: { reasonCode: "10.4", reasonDescription: "Other Fraud - Card Absent Environment" },
    transaction: { id: d.transactionId },
  });

  async function notify(kind: string, d: Dispute): Promise<void> {
    const url = ctx.webhookUrl;
    if (!url) return;
    const xml = [
      "<notification>",
      `  <timestamp type="datetime">${new Date().toISOString().replace(/\.\d{3}Z$/, "Z")}</timestamp>`,
      `  <kind>${kind}</kind>`,
      "  <subject>",
      "    <dispute>",
      `      <amount>${formatDecimal(d.amount, EXPONENT[d.currency] ?? 2)}</amount>`,
      `      <amount-disputed>${formatDecimal(d.amount, EXPONENT[d.currency] ?? 2)}</amount-disputed>`,
      `      <currency-iso-code>${d.currency}</currency-iso-code>`,
      `      <reply-by-date type="date">${d.replyByDate}</reply-by-date>`,
      "      <kind>chargeback</kind>",
      `      <status>${d.status.toLowerCase()}</status>`,
      "      <reason>fraud</reason>",
      "      <reason-code>10.4</reason-code>",
      `      <id>${d.legacyId}</id>`,
      "      <transaction>",
      `        <id>${d.transactionLegacyId}</id>`,
      "      </transaction>",
      "    </dispute>",
      "  </subject>",
      "</notification>",
    ].join("\n");
    const payload = (Buffer.from(xml).toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n";
    const key = createHash("sha1").update(h.privateKey).digest();
    const signature = `${h.publicKey}|${createHmac("sha1", key).update(payload).digest("hex")}`;
    ctx.log(`braintree webhook ${kind}`);
    await ctx.sendWebhook(url, { "Content-Type": "application/x-www-form-urlencoded" }, new URLSearchParams({ bt_signature: signature, bt_payload: payload }).toString());
  }

  const notFound = (path: string[], inputPath: string[]): GqlError => ({ message: "An object with this ID was not found.", errorClass: "NOT_FOUND", path, inputPath });
  const notOpen = (verb: string, path: string[]): GqlError => ({ message: `Only disputes with a status of OPEN can be ${verb}.`, errorClass: "VALIDATION", path });

  function unknownField(input: Record<string, unknown>, known: string[], path: string[]): GqlError | undefined {
    const extra = Object.keys(input).find((k) => !known.includes(k));
    return extra ? { message: `Variable 'input' has an invalid value: field '${extra}' is not defined by type`, errorClass: "VALIDATION", path } : undefined;
  }

  function fileEvidence(req: EmuRequest): EmuResponse {
    const boundary = /boundary=([^;]+)/.exec(String(req.headers["content-type"] ?? ""))?.[1];
    if (!boundary) return answer(null, [{ message: "multipart body without a boundary", errorClass: "VALIDATION" }]);
    const parts = new Map<string, { filename?: string; type?: string; body: string }>();
    for (const chunk of req.rawBody.split(`--${boundary}`)) {
      const at = chunk.indexOf("\r\n\r\n");
      if (at < 0) continue;
      const head = chunk.slice(0, at);
      const name = /name="([^"]*)"/.exec(head)?.[1];
      if (!name) continue;
      parts.set(name, {
        filename: /filename="([^"]*)"/.exec(head)?.[1],
        type: /Content-Type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim(),
        body: chunk.slice(at + 4).replace(/\r\n$/, ""),
      });
    }
    const path = ["createDisputeFileEvidence"];
    // "Note that you must specify a type of application/json" for the operations part.
    if (parts.get("operations")?.type?.toLowerCase() !== "application/json") {
      return answer(null, [{ message: "The `operations` part must be of type application/json", errorClass: "VALIDATION" }]);
    }
    let operations: { query?: string; variables?: { input?: Record<string, unknown>; file?: unknown } };
    try {
      operations = JSON.parse(parts.get("operations")?.body ?? "");
    } catch {
      return answer(null, [{ message: "The multipart request has no `operations` JSON part", errorClass: "VALIDATION" }]);
    }
    let map: Record<string, unknown> = {};
    try {
      map = JSON.parse(parts.get("map")?.body ?? "");
    } catch {
      /* checked below */
    }
    if (!/\bcreateDisputeFileEvidence\(/.test(operations.query ?? "") || !(operations.query ?? "").includes("CreateDisputeFileEvidenceInput!")) {
      return answer(null, [{ message: "Only createDisputeFileEvidence takes a file upload", errorClass: "VALIDATION" }]);
    }
    const [fileField, target] = Object.entries(map)[0] ?? [];
    const file = fileField ? parts.get(fileField) : undefined;
    if (!file || target !== "variables.file" || !file.filename) return answer({ createDisputeFileEvidence: null }, [{ message: "No file was uploaded", errorClass: "VALIDATION", path }]);
    const input = operations.variables?.input ?? {};
    const bad = unknownField(input, ["clientMutationId", "disputeId", "category"], path);
    if (bad) return answer({ createDisputeFileEvidence: null }, [bad]);
    if (!FILE_TYPES.has((file.type ?? "").toLowerCase())) {
      return answer({ createDisputeFileEvidence: null }, [{ message: "File type is not supported: use PNG, JPG, JPEG or PDF", errorClass: "VALIDATION", path }]);
    }
    if (Buffer.byteLength(file.body, "latin1") > 4 * 1024 * 1024) {
      return answer({ createDisputeFileEvidence: null }, [{ message: "File is larger than 4 MB", errorClass: "VALIDATION", path }]);
    }
    const d = disputes.get(String(input["disputeId"] ?? ""));
    if (!d) return answer({ createDisputeFileEvidence: null }, [notFound(path, ["input", "disputeId"])]);
    if (d.status !== "OPEN") return answer({ createDisputeFileEvidence: null }, [notOpen("given evidence", path)]);
    const id = Buffer.from(`dispute_evidence_${randomBytes(4).toString("hex")}`).toString("base64").replace(/=+$/, "");
    d.evidence.push({ id, category: typeof input["category"] === "string" ? input["category"] : null });
    ctx.log(`braintree createDisputeFileEvidence ${file.type} ok`);
    return answer({ createDisputeFileEvidence: { evidence: { id, url: `https://example.invalid/evidence/${id}` } } });
  }

  return {
    /** The emulator-only routes; undefined when the request is not one. */
    async route(req: EmuRequest): Promise<EmuResponse | undefined> {
      const open = /^\/_emulator\/dispute\/([^/]+)$/.exec(req.path);
      if (req.method === "POST" && open) {
        const txId = decodeURIComponent(open[1]!);
        const tx = h.transaction(txId);
        if (!tx) return { status: 404, json: { error: "no such transaction" } };
        const legacyId = randomBytes(4).toString("hex");
        const d: Dispute = {
          id: Buffer.from(`dispute_${legacyId}`).toString("base64").replace(/=+$/, ""),
          legacyId,
          status: "OPEN",
          transactionId: txId,
          transactionLegacyId: tx.legacyId,
          amount: tx.amount,
          currency: tx.currency,
          replyByDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
          evidence: [],
        };
        disputes.set(d.id, d);
        await notify("dispute_opened", d);
        return { status: 200, json: { id: d.id, legacyId } };
      }
      const resolve = /^\/_emulator\/dispute\/([^/]+)\/resolve$/.exec(req.path);
      if (req.method === "POST" && resolve) {
        const d = disputes.get(decodeURIComponent(resolve[1]!));
        const outcome = req.query.get("outcome");
        if (!d || d.status !== "DISPUTED" || (outcome !== "won" && outcome !== "lost")) return { status: 409, json: { error: "not a disputed dispute, or no outcome=won|lost" } };
        d.status = outcome.toUpperCase();
        await notify(`dispute_${outcome}`, d);
        return { status: 200, json: view(d) };
      }
      return undefined;
    },

    /** A multipart `POST /graphql` (after index.ts checked credentials): createDisputeFileEvidence. */
    upload(req: EmuRequest): EmuResponse | undefined {
      return String(req.headers["content-type"] ?? "").startsWith("multipart/form-data") ? fileEvidence(req) : undefined;
    },

    /** A JSON GraphQL document of these operations (after index.ts checked credentials); undefined otherwise. */
    async graphql(query: string, variables: Record<string, unknown>): Promise<EmuResponse | undefined> {
      if (/\bcreateClientToken\(/.test(query)) {
        if (!query.includes("CreateClientTokenInput")) return answer(null, [{ message: "Unknown operation or variable type", errorClass: "VALIDATION" }]);
        const input = (variables["input"] ?? {}) as Record<string, unknown>;
        const path = ["createClientToken"];
        const bad = unknownField(input, ["clientMutationId", "clientToken"], path);
        if (bad) return answer({ createClientToken: null }, [bad]);
        const options = (input["clientToken"] ?? {}) as Record<string, unknown>;
        const badOption = unknownField(options, ["merchantAccountId", "customerId", "version", "domains", "failOnDuplicatePaymentMethodForCustomer", "paymentMethodId"], path);
        if (badOption) return answer({ createClientToken: null }, [badOption]);
        if (options["merchantAccountId"] !== undefined && !(String(options["merchantAccountId"]) in h.merchantAccounts)) {
          return answer({ createClientToken: null }, [notFound(path, ["input", "clientToken", "merchantAccountId"])]);
        }
        if (options["customerId"] !== undefined && !h.customers.has(String(options["customerId"]))) {
          return answer({ createClientToken: null }, [notFound(path, ["input", "clientToken", "customerId"])]);
        }
        const token = Buffer.from(JSON.stringify({ version: 2, authorizationFingerprint: randomBytes(16).toString("hex"), configUrl: `${ctx.origin}${ctx.mountPrefix}/config` })).toString("base64");
        ctx.log("braintree createClientToken ok");
        return answer({ createClientToken: { clientToken: token } });
      }
      const single = /\b(acceptDispute|finalizeDispute)\(/.exec(query)?.[1];
      if (single) {
        const type = single === "acceptDispute" ? "AcceptDisputeInput!" : "FinalizeDisputeInput!";
        if (!query.includes(type)) return answer(null, [{ message: "Unknown operation or variable type", errorClass: "VALIDATION" }]);
        const input = (variables["input"] ?? {}) as Record<string, unknown>;
        const bad = unknownField(input, ["clientMutationId", "disputeId"], [single]);
        if (bad) return answer({ [single]: null }, [bad]);
        const d = disputes.get(String(input["disputeId"] ?? ""));
        if (!d) return answer({ [single]: null }, [notFound([single], ["input", "disputeId"])]);
        if (d.status !== "OPEN") return answer({ [single]: null }, [notOpen(single === "acceptDispute" ? "accepted" : "finalized", [single])]);
        d.status = single === "acceptDispute" ? "ACCEPTED" : "DISPUTED";
        ctx.log(`braintree ${single} -> ${d.status}`);
        await notify(single === "acceptDispute" ? "dispute_accepted" : "dispute_disputed", d);
        return answer({ [single]: { dispute: view(d) } });
      }
      if (/\bcreateDisputeTextEvidence\(/.test(query)) {
        const fields = [...query.matchAll(/(?:(\w+)\s*:\s*)?createDisputeTextEvidence\(input:\s*\$(\w+)\)/g)];
        const data: Record<string, unknown> = {};
        const errors: GqlError[] = [];
        for (const [, alias, variable] of fields) {
          const key = alias ?? "createDisputeTextEvidence";
          if (!new RegExp(`\\$${variable}:\\s*CreateDisputeTextEvidenceInput!`).test(query)) {
            return answer(null, [{ message: `Variable '${variable}' is not declared as CreateDisputeTextEvidenceInput!`, errorClass: "VALIDATION" }]);
          }
          const input = (variables[variable!] ?? {}) as Record<string, unknown>;
          const bad = unknownField(input, ["clientMutationId", "disputeId", "category", "content"], [key]);
          const d = disputes.get(String(input["disputeId"] ?? ""));
          const category = input["category"];
          const fail =
            bad ??
            (typeof input["content"] !== "string" || input["content"].trim() === "" ? { message: "Content can't be blank", errorClass: "VALIDATION", path: [key], inputPath: [variable!, "content"] } : undefined) ??
            (category !== undefined && !TEXT_CATEGORIES.has(String(category)) ? { message: `Category ${String(category)} is not a DisputeTextEvidenceCategory`, errorClass: "VALIDATION", path: [key] } : undefined) ??
            (!d ? notFound([key], [variable!, "disputeId"]) : undefined) ??
            (d!.status !== "OPEN" ? notOpen("given evidence", [key]) : undefined);
          if (fail) {
            data[key] = null;
            errors.push(fail);
            continue;
          }
          const id = Buffer.from(`dispute_evidence_${randomBytes(4).toString("hex")}`).toString("base64").replace(/=+$/, "");
          d!.evidence.push({ id, category: (category as string | undefined) ?? null });
          data[key] = { evidence: { id, category: category ?? null } };
        }
        ctx.log(`braintree createDisputeTextEvidence x${fields.length}, ${errors.length} refused`);
        return answer(data, errors);
      }
      if (/\bnode\(/.test(query) && /\.\.\.\s*on\s+Dispute\b/.test(query)) {
        const d = disputes.get(String(variables["id"] ?? ""));
        if (!d) return answer({ node: null }, [notFound(["node"], ["id"])]);
        ctx.log(`braintree node Dispute -> ${d.status}`);
        return answer({ node: view(d) });
      }
      return undefined;
    },

    evidenceOf(id: string) {
      return disputes.get(id)?.evidence ?? [];
    },
  };
}
