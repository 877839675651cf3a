/**
 * redact(), the masking users apply before they log requests, params, results or errors: every
 * shared vector's params and expected output come out with no secret the tests use in them (the
 * same scanner as `npm run test:secrets`), and the rest of the data survives.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { ConnectorInfo } from "../protocol/index.js";
import { learnedSecretNames, learnSecretNames, maskPan, maskPansInText, redact, SidecarPool } from "../client/index.js";
import { collectSecrets, scan } from "./support/secrets.js";
import { jsonFilesUnder, REPO_ROOT, VECTORS_DIR } from "./support/helpers.js";

describe("redact", function () {
  it("masks a response body that is a JWT whole (a capture context answered as application/jwt), and keeps other text", function () {
    const jwt = ["eyJhbGciOiJSUzI1NiJ9", Buffer.from('{"exp":1795000000}').toString("base64url"), "c2lnbmF0dXJl"].join(".");
    const out = redact({ response: { status: 201, headers: [{ name: "Content-Type", value: "application/jwt" }], body: jwt } });
    assert.equal(out.response.body, "***");
    assert.equal(redact({ response: { status: 200, body: "OK" } }).response.body, "OK");
  });

  it("masks a session's clientSecret and clientToken (createSession results), and keeps its ids", function () {
    const session = {
      status: "success",
      sessionId: "CS451F2AB1ED897A94",
      clientSecret: "pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH",
      clientToken: "eyJ2ZXJzaW9uIjoyLCJhdXRob3JpemF0aW9uRmluZ2VycHJpbnQiOiJleUowZVhBaU9pSktWMVFp",
      connectorTransactionId: "pi_3MtwBwLkdIwHu7ix28a3tqPa",
      httpStatus: 200,
    };
    const masked = redact(session);
    assert.equal(masked.clientSecret, "***");
    assert.equal(masked.clientToken, "***");
    assert.equal(masked.sessionId, session.sessionId);
    assert.equal(masked.connectorTransactionId, session.connectorTransactionId);
    // In a processor's response body too (Stripe's PaymentIntent carries client_secret).
    const body = redact({ body: JSON.stringify({ id: "pi_1", client_secret: session.clientSecret }) }).body;
    assert.ok(!body.includes("YrKJUKribcBjcG8HVhfZluoGH"), body);
  });

  it("masks a mobile money phone number, a customer's document and a bank transfer's account number, and keeps the rest", function () {
    const params = {
      request: {
        merchantTransactionId: "order-77",
        customer: { email: "shopper@example.com", document: { type: "CPF", number: "53033315550" } },
        paymentMethod: { type: "mobileMoney", mobileMoney: { provider: "mtn", phoneNumber: "+233241234567" } },
      },
    };
    const masked = redact(params);
    const text = JSON.stringify(masked);
    for (const secret of ["53033315550", "233241234567"]) assert.ok(!text.includes(secret), text);
    assert.deepEqual(masked.request.customer.document, { type: "***", number: "***" });
    assert.equal(masked.request.paymentMethod.mobileMoney.provider, "mtn");
    assert.equal(masked.request.customer.email, "shopper@example.com");
    const result = redact({ nextAction: { type: "displayBankDetails", bankDetails: { accountNumber: "9930000123", bankName: "Wema Bank" } } });
    assert.deepEqual(result.nextAction.bankDetails, { accountNumber: "***", bankName: "Wema Bank" });
    // dLocal's payer.document is a plain string.
    assert.equal(redact({ payer: { document: "53033315550", name: "Ana" } }).payer.document, "***");
  });

  const secrets = collectSecrets(REPO_ROOT, ["test", "emulator", "demo"]);
  let connectors: ConnectorInfo[];

  // A started pool has taught redact() every connector's credential names and sensitive fields.
  before(async () => {
    const pool = await SidecarPool.start({ size: 1 });
    try {
      connectors = await pool.listConnectors();
    } finally {
      await pool.close();
    }
  });

  it("learns every connector's credential names and sensitive fields from listConnectors", function () {
    const learned = learnedSecretNames();
    for (const c of connectors) {
      const names = [...c.authFields.map((f) => f.name), ...c.sensitiveFields];
      assert.ok(names.length > 0, `${c.name} names its credentials`);
      for (const name of names) {
        assert.ok(learned.includes(name.toLowerCase()), `${c.name}: ${name} learned`);
        assert.deepEqual(redact({ [name]: "value-1234", nested: { [name]: { deeper: "value-5678" } } }), { [name]: "***", nested: { [name]: { deeper: "***" } } }, `${c.name}: ${name} masked`);
      }
    }
  });

  it("masks a name it learned, which its built-in names do not cover", function () {
    const name = "zzLearnedOnlyCredential";
    assert.deepEqual(redact({ [name]: "v" }), { [name]: "v" }, "not masked before it is learned");
    learnSecretNames([{ authFields: [{ name }], sensitiveFields: ["zzLearnedSensitiveField"] }]);
    assert.deepEqual(redact({ [name]: "v", zzLearnedSensitiveField: "w" }), { [name]: "***", zzLearnedSensitiveField: "***" });
  });

  it("leaves no secret of any shared vector's params, request or result", function () {
    const files = jsonFilesUnder(VECTORS_DIR);
    assert.ok(files.length > 50, `only ${files.length} vectors`);
    let withSecrets = 0;
    for (const file of files) {
      const v = JSON.parse(readFileSync(file, "utf8")) as { params: unknown; result?: unknown; error?: unknown };
      const raw = JSON.stringify(v);
      if (scan(raw, secrets).length > 0) withSecrets++;
      const hits = scan(JSON.stringify(redact(v)), secrets);
      assert.deepEqual(
        hits.map((h) => `${h.kind} ${h.masked}: …${h.context}…`),
        [],
        `${file.slice(REPO_ROOT.length + 1)} keeps a secret after redact()`,
      );
    }
    // The check means something only if the vectors hold secrets before redact().
    assert.ok(withSecrets > files.length / 2, `only ${withSecrets} of ${files.length} vectors hold a secret`);
  });

  it("masks card numbers, CVCs, credentials, sensitive headers and bodies, and keeps the rest", function () {
    const step = {
      connector: "stripe",
      auth: { apiKey: "sk_test_redact_me", merchantAccount: "Shop" },
      request: {
        amount: { minorAmount: 1099, currency: "USD" },
        paymentMethod: { type: "card", card: { number: "4000056655665556", cvc: "314", expMonth: "12" } },
        description: "card 4000 0566 5566 5556 from the phone",
      },
      http: {
        url: "https://api.stripe.com/v1/payment_intents",
        headers: [
          { name: "Authorization", value: "Bearer sk_test_redact_me", sensitive: true },
          { name: "Content-Type", value: "application/x-www-form-urlencoded", sensitive: false },
        ],
        body: {
          contentType: "application/x-www-form-urlencoded",
          encoding: "utf8",
          data: "amount=1099&payment_method_data[card][number]=4000056655665556&payment_method_data[card][cvc]=314",
          sensitive: true,
        },
      },
      json: { contentType: "application/json", data: '{"card":{"number":"4000056655665556","cvc":"314"},"amount":1099}', sensitive: true },
    };
    const before = JSON.stringify(step);
    const out = redact(step);
    assert.equal(JSON.stringify(step), before, "redact() changed its input");
    const text = JSON.stringify(out);
    for (const secret of ["4000056655665556", "4000 0566 5566 5556", "sk_test_redact_me", '"314"', "=314"]) {
      assert.ok(!text.includes(secret), `${secret} survived: ${text}`);
    }
    assert.deepEqual(out.auth, { apiKey: "***", merchantAccount: "***" });
    assert.equal(out.request.paymentMethod.card.number, "400005******5556");
    assert.equal(out.request.paymentMethod.card.cvc, "***");
    assert.equal(out.request.description, "card 400005******5556 from the phone");
    assert.deepEqual(out.request.amount, { minorAmount: 1099, currency: "USD" });
    assert.equal(out.http.headers[0]!.value, "***");
    assert.equal(out.http.headers[1]!.value, "application/x-www-form-urlencoded");
    assert.equal(
      out.http.body.data,
      "amount=1099&payment_method_data[card][number]=400005******5556&payment_method_data[card][cvc]=***",
    );
    assert.equal(out.json.data, '{"card":{"number":"400005******5556","cvc":"***"},"amount":1099}');
  });

  it("masks the signature of a webhook posted as a form (Braintree's bt_signature) and keeps the payload", function () {
    const body = "bt_signature=pub_k%7C0a1b2c3d4e5f60718293a4b5c6d7e8f901234567&bt_payload=PG5vdGlmaWNhdGlvbj4%3D%0A";
    const out = redact({ connector: "braintree", body, secret: "priv_webhook_key" }) as Record<string, string>;
    assert.equal(out.secret, "***");
    assert.ok(!out.body.includes("0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"), out.body);
    assert.ok(out.body.startsWith("bt_signature=***&bt_payload="), out.body);
    assert.equal(new URLSearchParams(out.body).get("bt_payload"), "PG5vdGlmaWNhdGlvbj4=\n");
    // Text that is not a form, and a form without secret fields, are left as they were.
    assert.equal((redact({ body: "plain text = not a form" }) as { body: string }).body, "plain text = not a form");
    assert.equal((redact({ body: "a=1&b=2" }) as { body: string }).body, "a=1&b=2");
  });

  it("masks Authorize.Net's credentials and card code in its JSON bodies, payment profiles included", function () {
    const data = JSON.stringify({
      createCustomerProfileRequest: {
        merchantAuthentication: { name: "5KP3u95bQpv", transactionKey: "346HZ32z3fP4hTG2" },
        profile: { merchantCustomerId: "cust-99", paymentProfiles: [{ payment: { creditCard: { cardNumber: "4000056655665556", expirationDate: "2030-12", cardCode: "314" } } }] },
        validationMode: "liveMode",
      },
    });
    const out = redact({ contentType: "application/json", encoding: "utf8", data, sensitive: true });
    const parsed = JSON.parse(out.data) as { createCustomerProfileRequest: { merchantAuthentication: unknown; profile: { merchantCustomerId: string; paymentProfiles: Array<{ payment: { creditCard: Record<string, string> } }> }; validationMode: string } };
    const r = parsed.createCustomerProfileRequest;
    assert.deepEqual(r.merchantAuthentication, { name: "***", transactionKey: "***" });
    assert.deepEqual(r.profile.paymentProfiles[0]!.payment.creditCard, { cardNumber: "400005******5556", expirationDate: "2030-12", cardCode: "***" });
    assert.equal(r.profile.merchantCustomerId, "cust-99");
    assert.equal(r.validationMode, "liveMode");
  });

  it("masks secret-named fields of a JSON body that starts with a byte order mark (Authorize.Net's answers)", function () {
    const body = "\ufeff" + JSON.stringify({ clientSecret: "bom-guarded-value-1", messages: { resultCode: "Ok" } });
    const masked = redact({ response: { status: 200, body } }).response.body;
    assert.ok(!masked.includes("bom-guarded-value-1"), "the value is masked");
    assert.deepEqual(JSON.parse(masked), { clientSecret: "***", messages: { resultCode: "Ok" } });
  });

  it("maskPan and maskPansInText keep six and four digits, also for grouped numbers", function () {
    assert.equal(maskPan("4242424242424242"), "424242******4242");
    assert.equal(maskPan("4242 4242 4242 4242"), "424242******4242");
    assert.equal(maskPan("123"), "***");
    assert.equal(maskPansInText("a 4242-4242-4242-4242 b"), "a 424242******4242 b");
    assert.equal(maskPansInText("order 1099 on 2030-12-31"), "order 1099 on 2030-12-31");
  });
});
