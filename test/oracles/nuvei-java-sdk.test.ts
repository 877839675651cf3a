// Nuvei's Java SDK (Nuvei/nuvei-server-java-2.0, MIT, vendored in oracles/nuvei/java-sdk/) as the
// oracle of the /payment fields of wallets and external 3-D Secure, and of openOrder's answer:
//  - every key the sidecar sends under paymentOption.card.externalToken is a field of the SDK's
//    ExternalToken, every key under threeD.externalMpi a field of its ExternalMpi, and
//    alternativePaymentMethod is the SDK's PaymentOption field name;
//  - alternativePaymentMethod is the SDK's Map<String, String>: every APM block we send (SEPA's
//    iban, ACH's AccountNumber and RoutingNumber, a processorMethod's name) is strings only;
//  - the paymentMethod names of the SDK's own getMerchantPaymentMethods answer, given as
//    processorMethod, are sent as alternativePaymentMethod.paymentMethod unchanged;
//  - the SDK's own openOrder answer is read as a successful session whose clientToken is its
//    sessionToken and sessionId its orderId;
//  - billingAddress and userDetails keys are fields of the SDK's UserAddress and RestApiUserDetails,
//    and a mobile money payer's phone there fits the SDK's PHONE_MAX_LENGTH (APIConstants).
// A missing oracle file fails the test.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { SidecarPool } from "../../client/pool.js";

const ORACLE = join(process.cwd(), "oracles", "nuvei", "java-sdk");
const VECTORS = join(process.cwd(), "test", "vectors", "nuvei");

/** The `private <Type> <name>;` fields of a vendored Java model class. */
function javaFields(file: string): Set<string> {
  const source = readFileSync(join(ORACLE, file), "utf8");
  const fields = [...source.matchAll(/^\s*(?:private\s+)?[A-Z][\w<>, ]*\s+(\w+);/gm)].map((m) => m[1]!);
  assert.ok(fields.length > 0, `no fields read from ${file}`);
  return new Set(fields);
}

function sentBody(vector: string): any {
  const v = JSON.parse(readFileSync(join(VECTORS, vector), "utf8"));
  return JSON.parse(v.result.body.data);
}

describe("Nuvei's Java SDK names the wallet, externalMpi and APM fields we send", function () {
  it("externalToken's keys are fields of the SDK's ExternalToken", function () {
    const fields = javaFields("ExternalToken.java");
    for (const vector of ["authorize/applepay-encrypted.json", "authorize/applepay-decrypted.json", "authorize/googlepay-encrypted.json", "authorize/googlepay-decrypted.json"]) {
      const token = sentBody(vector).paymentOption.card.externalToken;
      assert.ok(token, vector);
      for (const key of Object.keys(token)) assert.ok(fields.has(key), `${vector}: ${key} is not in ExternalToken (${[...fields].join(", ")})`);
    }
  });

  it("threeD.externalMpi's keys are fields of the SDK's ExternalMpi", function () {
    const fields = javaFields("ExternalMpi.java");
    const mpi = sentBody("authorize/card-external-3ds.json").paymentOption.card.threeD.externalMpi;
    assert.deepEqual(Object.keys(mpi).sort(), ["cavv", "dsTransID", "eci"]);
    for (const key of Object.keys(mpi)) assert.ok(fields.has(key), `${key} is not in ExternalMpi`);
  });

  it("alternativePaymentMethod is the SDK's PaymentOption field, and carries paymentMethod", function () {
    const fields = javaFields("PaymentOption.java");
    for (const vector of ["authorize/ideal.json", "authorize/sofort.json", "authorize/paypal.json"]) {
      const option = sentBody(vector).paymentOption;
      for (const key of Object.keys(option)) assert.ok(fields.has(key), `${vector}: ${key} is not in PaymentOption`);
      assert.match(option.alternativePaymentMethod.paymentMethod, /^apmgw_/);
    }
  });

  it("alternativePaymentMethod is the SDK's Map<String, String>: every APM block we send is strings only", function () {
    const source = readFileSync(join(ORACLE, "PaymentOption.java"), "utf8");
    assert.match(source, /private\s+Map<String,\s*String>\s+alternativePaymentMethod;/);
    const vectors = [
      "authorize/sepa.json", "authorize/ach.json", "authorize/wallet-processor-method.json", "authorize/alipayhk.json", "authorize/bacs-processor-method.json",
      "authorize/ideal-processor-method.json", "authorize/mobile-money-processor-method.json",
    ];
    for (const vector of vectors) {
      const apm = sentBody(vector).paymentOption.alternativePaymentMethod;
      assert.ok(apm, vector);
      for (const [key, value] of Object.entries(apm)) assert.equal(typeof value, "string", `${vector}: ${key} is not a string`);
      assert.match(apm.paymentMethod, /^apmgw_/);
    }
  });

  it("billingAddress and userDetails are the SDK's UserAddress and RestApiUserDetails: a mobile money payer's phone is their phone, within PHONE_MAX_LENGTH", function () {
    const constants = readFileSync(join(ORACLE, "APIConstants.java"), "utf8");
    const max = Number(/short\s+PHONE_MAX_LENGTH\s*=\s*(\d+);/.exec(constants)?.[1]);
    assert.ok(max > 0, "PHONE_MAX_LENGTH in the SDK's APIConstants");
    const body = sentBody("authorize/mobile-money-processor-method.json");
    for (const [block, file] of [["billingAddress", "UserAddress.java"], ["userDetails", "RestApiUserDetails.java"]] as const) {
      const fields = javaFields(file);
      assert.ok(fields.has("phone"), `${file} has phone`);
      for (const key of Object.keys(body[block])) assert.ok(fields.has(key), `${block}.${key} is not a field of ${file}`);
      const phone: string = body[block].phone;
      assert.equal(typeof phone, "string", `${block}.phone`);
      assert.ok(phone.length <= max, `${block}.phone is ${phone.length} characters, the SDK allows ${max}`);
    }
    // The E.164 maximum (15 digits) fits too.
    assert.ok(15 <= max);
  });

  it("sends the names of the SDK's getMerchantPaymentMethods answer, given as processorMethod, as they are", async function () {
    const answer = JSON.parse(readFileSync(join(ORACLE, "getMerchantPaymentMethods-response.json"), "utf8"));
    const names: string[] = answer.paymentMethods.map((m: any) => m.paymentMethod).filter((n: string) => n.startsWith("apmgw_"));
    assert.ok(names.length >= 2, `APMs in the SDK's answer: ${names.join(", ")}`);
    const base = JSON.parse(readFileSync(join(VECTORS, "authorize/wallet-processor-method.json"), "utf8")).params;
    const pool = await SidecarPool.start({ size: 1 });
    try {
      for (const name of names) {
        const params = structuredClone(base);
        params.request.paymentMethod.walletRedirect.processorMethod = name;
        const result: any = await pool.call("transformRequest", params);
        assert.equal(JSON.parse(result.body.data).paymentOption.alternativePaymentMethod.paymentMethod, name);
      }
    } finally {
      await pool.close();
    }
  });

  it("reads the SDK's openOrder answer as the Web SDK's session", async function () {
    const body = readFileSync(join(ORACLE, "openOrder-response.json"), "utf8");
    const answer = JSON.parse(body);
    const pool = await SidecarPool.start({ size: 1 });
    try {
      const result: any = await pool.call("transformResponse", {
        connector: "nuvei",
        flow: "createSession",
        auth: { merchantId: "7777777", merchantSiteId: "19", merchantSecretKey: "oracle_secret" },
        request: { merchantTransactionId: "order_1", amount: { minorAmount: 1000, currency: "EUR" } },
        options: { now: "2026-01-31T12:00:00Z" },
        response: { status: 200, headers: [{ name: "Content-Type", value: "application/json" }], body },
      });
      assert.equal(result.status, "success");
      assert.equal(result.clientToken, answer.sessionToken);
      assert.equal(result.sessionId, String(answer.orderId));
      assert.equal(result.expiresAt, "2026-01-31T12:15:00Z");
    } finally {
      await pool.close();
    }
  });
});
