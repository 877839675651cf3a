// Every Stripe and Adyen request the sidecar produces, checked against the processor's own
// published OpenAPI document (oracles/, vendored): (a) every transformRequest vector with a result,
// through the real binary, and (b) a generated matrix of capture methods, currencies (two-, zero-
// and three-decimal, and Stripe's two-decimal ISK) and optional fields. Each must have zero problems.
// Negative tests prove the validator catches a broken request made from one of ours.
import assert from "node:assert/strict";

import { SidecarError } from "../../client/errors.js";
import { SidecarPool } from "../../client/pool.js";
import type { AuthOf, AuthorizeRequest, HttpRequest as ProtocolHttpRequest, Options, PsyncRequest, TransformRequestParams } from "../../protocol/index.js";
import {
  ADYEN_SPEC,
  ADYEN_TEST_BASE,
  STRIPE_BASE,
  STRIPE_SPEC,
  STRIPE_VISA,
  adyenLiveBase,
  asHttp,
  bodyText,
  clone,
  decodeBody,
  requestVectors,
  withBody,
  type Vector,
} from "./helpers.js";
import {
  decodeForm,
  describeWithOracles,
  loadSpec,
  oraclePath,
  stripeRawCardOverrides,
  validateRequest,
  type HttpRequest,
  type SchemaOverride,
  type Spec,
} from "./openapi.js";

// ---------------------------------------------------------------------------------------------
// Inputs of the generated matrix

type Card = { number: string; expMonth: string; expYear: string; cvc?: string; holderName?: string };

/** Test cards of several brands (Stripe's and Adyen's docs); Amex has a 4-digit CVC. */
const CARDS: Card[] = [
  { number: STRIPE_VISA, expMonth: "12", expYear: "2034", cvc: "123", holderName: "Jane Doe" },
  { number: "5555555555554444", expMonth: "03", expYear: "2030", cvc: "737", holderName: "J. Müller-Lüdenscheidt" },
  { number: "378282246310005", expMonth: "01", expYear: "2031", cvc: "7373" },
  { number: "4111111111111111", expMonth: "09", expYear: "2029" },
];

/** Amounts in unified ISO minor units: two-, zero- and three-decimal currencies, and ISK (ISO 0). */
const AMOUNTS = [
  { minorAmount: 1099, currency: "USD" },
  { minorAmount: 250000, currency: "EUR" },
  { minorAmount: 1500, currency: "JPY" },
  { minorAmount: 50000, currency: "KRW" },
  { minorAmount: 12340, currency: "KWD" },
  { minorAmount: 1000, currency: "BHD" },
  { minorAmount: 5, currency: "ISK" },
] as const;

const CAPTURE_METHODS = [undefined, "automatic", "manual"] as const;

const FULL_ADDRESS = {
  firstName: "Jane",
  lastName: "Doe",
  line1: "1 Main St",
  line2: "Apt 4",
  city: "Springfield",
  state: "IL",
  postalCode: "62701",
  country: "US",
};

const BROWSER_INFO = {
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  acceptHeader: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  ipAddress: "192.0.2.10",
  language: "en-US",
  colorDepth: 24,
  screenHeight: 1080,
  screenWidth: 1920,
  timeZoneOffset: -60,
  javaEnabled: false,
  javascriptEnabled: true,
};

/** Optional fields, one group at a time, then all together. */
const VARIANTS: Record<string, Partial<AuthorizeRequest>> = {
  minimal: {},
  billingAddress: { billingAddress: FULL_ADDRESS },
  partialBillingAddress: { billingAddress: { postalCode: "SW1A 1AA", country: "GB" } },
  customer: { customer: { id: "cust-42", email: "jane@example.com", name: "Jane Doe", phone: "+14155550100" } },
  returnUrl: { returnUrl: "https://shop.example/checkout/return?order=1001" },
  metadata: { metadata: { cart: "c-77", note: "a & b = c [x]", "utf8-käse": "ü€" } },
  idempotencyKey: { idempotencyKey: "3f1d5a1e-1c2b-4d7e-9f00-0a1b2c3d4e5f" },
  // at the spec's limits: statement_descriptor_suffix maxLength 22, description 1000
  descriptions: { description: `Order 1001: ${"x".repeat(988)}`, statementDescriptor: "ORDER 1001 SHOPEXAMPLE" },
  shippingAddress: { shippingAddress: { ...FULL_ADDRESS, firstName: "John" } },
  everything: {
    billingAddress: FULL_ADDRESS,
    shippingAddress: FULL_ADDRESS,
    customer: { id: "cust-42", email: "jane@example.com", name: "Jane Doe", phone: "+14155550100" },
    returnUrl: "https://shop.example/return",
    description: "Order 1001",
    statementDescriptor: "ORDER1001",
    metadata: { cart: "c-77" },
    idempotencyKey: "idem-everything-1",
  },
};

interface Case {
  name: string;
  params: TransformRequestParams;
  /** The URL prefix the spec's paths are relative to, for this request. */
  basePath: string;
}

function authorizeCases(
  connector: "stripe" | "adyen",
  auth: AuthOf<"stripe" | "adyen">,
  basePath: string,
  /** Added to VARIANTS; a name mapped to null removes that variant. */
  extraVariants: Record<string, Partial<AuthorizeRequest> | null> = {},
  options?: Options,
  always: Partial<AuthorizeRequest> = {},
): Case[] {
  const variants = Object.fromEntries(
    Object.entries({ ...VARIANTS, ...extraVariants }).filter((e): e is [string, Partial<AuthorizeRequest>] => e[1] !== null),
  );
  const out: Case[] = [];
  let i = 0;
  for (const captureMethod of CAPTURE_METHODS) {
    for (const amount of AMOUNTS) {
      for (const [variant, extra] of Object.entries(variants)) {
        const card = CARDS[i++ % CARDS.length];
        const request: AuthorizeRequest = {
          merchantTransactionId: `order-${i}`,
          amount,
          paymentMethod: { type: "card", card },
          ...(captureMethod ? { captureMethod } : {}),
          ...clone(always),
          ...clone(extra),
        };
        out.push({
          name: `${connector} authorize ${captureMethod ?? "default"}-capture ${amount.currency} ${variant}`,
          params: { connector, flow: "authorize", auth, request, ...(options ? { options } : {}) } as TransformRequestParams,
          basePath,
        });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Problems of one request, each prefixed with what it was; [] when valid. */
function check(spec: Spec, req: HttpRequest, basePath: string, overrides: SchemaOverride[], label: string): string[] {
  const r = validateRequest(spec, req, { basePath, overrides });
  const problems = r.problems.map((p) => `${label}: ${p}`);
  if (!r.operationId && problems.length === 0) problems.push(`${label}: matched no operation`);
  return problems;
}

/**
 * Adyen's v71 spec marks all eight BrowserInfo fields required, but the field's own description
 * (and Adyen's 3DS2 docs) say that mobile app integrations send only userAgent and acceptHeader.
 * This override requires those two and checks the rest as the spec types them.
 */
function adyenAppBrowserInfoOverrides(spec: Spec): SchemaOverride[] {
  const browserInfo = spec.components?.schemas?.BrowserInfo;
  if (typeof browserInfo !== "object" || !browserInfo.required?.includes("userAgent")) {
    throw new Error("the Adyen spec's BrowserInfo changed: review adyenAppBrowserInfoOverrides");
  }
  const relaxed = { ...browserInfo, required: ["userAgent", "acceptHeader"] };
  return ["POST /payments"].map((operation) => ({
    operation,
    field: ["browserInfo"],
    schema: () => relaxed,
    why: "app integrations send only userAgent and acceptHeader (BrowserInfo description, v71)",
  }));
}

/**
 * `options.baseUrl` of a vector (an emulator, a proxy) replaces the connector's whole base URL,
 * version segment included (Adyen's is https://checkout-test.adyen.com/v71), so the spec's paths
 * are relative to it.
 */
/** Adyen flows on its Disputes API (DisputeService-v30.json), not Checkout. */
const ADYEN_DISPUTE_FLOWS = ["acceptDispute", "submitDisputeEvidence", "defendDispute"];

function vectorBasePath(v: Vector, processorBase: string): string {
  const options = v.params.options as Options | undefined;
  return options?.baseUrl ? options.baseUrl.replace(/\/+$/, "") : processorBase;
}

describeWithOracles("spec validation: our requests against the processors' OpenAPI specs", () => {
  let pool: SidecarPool;
  const valid = { stripe: 0, adyen: 0 };
  const invalid = { stripe: 0, adyen: 0 };

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
    const bad = invalid.stripe + invalid.adyen;
    console.log(
      `      spec validation: ${valid.stripe} Stripe and ${valid.adyen} Adyen requests valid` +
        (bad ? `; ${invalid.stripe} Stripe and ${invalid.adyen} Adyen requests INVALID` : ""),
    );
  });

  /** Validates each request, counts it, and fails listing every problem of every request. */
  async function validateAll(
    processor: "stripe" | "adyen",
    spec: Spec,
    overrides: SchemaOverride[],
    /** `stored`: a vector's recorded result, checked too but not counted (the binary's output is). */
    cases: { label: string; basePath: string; stored?: boolean; produce: () => Promise<ProtocolHttpRequest | HttpRequest> }[],
  ): Promise<void> {
    const problems: string[] = [];
    for (const c of cases) {
      const req = asHttp((await c.produce()) as ProtocolHttpRequest);
      const p = check(spec, req, c.basePath, overrides, c.label);
      problems.push(...p);
      if (!c.stored) (p.length ? invalid : valid)[processor]++;
    }
    assert.ok(cases.length > 0, "no requests to validate");
    assert.deepEqual(problems, [], `${problems.length} problems in ${cases.length} requests:\n  ${problems.join("\n  ")}`);
  }

  // -------------------------------------------------------------------------------------------
  describe("Stripe (spec3 2023-09-12, API version 2023-08-16)", () => {
    let spec: Spec;
    let overrides: SchemaOverride[];
    const auth = { apiKey: "sk_test_oracle_not_a_real_key" };
    before(() => {
      spec = loadSpec(oraclePath(...STRIPE_SPEC));
      // Stripe takes raw card data in payment_method_data[card]; its public spec omits it (see openapi.ts)
      overrides = stripeRawCardOverrides(spec);
    });

    it("every stripe transformRequest vector with a result: the stored result and the binary's output", async () => {
      const vectors = requestVectors("stripe");
      assert.ok(vectors.length >= 5, `only ${vectors.length} stripe request vectors`);
      await validateAll(
        "stripe",
        spec,
        overrides,
        vectors.flatMap((v) => [
          { label: `${v.file} (stored result)`, basePath: vectorBasePath(v, STRIPE_BASE), stored: true, produce: async () => v.result as HttpRequest },
          {
            label: `${v.file} (binary)`,
            basePath: vectorBasePath(v, STRIPE_BASE),
            produce: () => pool.transformRequest(v.params as TransformRequestParams),
          },
        ]),
      );
    });

    it("generated authorize matrix: capture methods × currencies × optional fields", async () => {
      const cases = authorizeCases("stripe", auth, STRIPE_BASE);
      // production uses the same host for Stripe (the key decides live or test)
      cases.push(
        ...authorizeCases("stripe", auth, STRIPE_BASE, {}, { environment: "production" }).filter((_, i) => i % 7 === 0),
      );
      assert.ok(cases.length >= 200, `only ${cases.length} cases`);
      await validateAll(
        "stripe",
        spec,
        overrides,
        cases.map((c) => ({ label: c.name, basePath: c.basePath, produce: () => pool.transformRequest(c.params) })),
      );
    });

    it("generated psync requests: ids of several shapes, sandbox and production", async () => {
      const ids = ["pi_3MtwBwLkdIwHu7ix28a3tqPa", "pi_1PgafyB7WZ01zgkWSjxsAJo3", "pi_with spaces&and?query#frag", "pi_ünïcödé"];
      const cases = ids.flatMap((id) =>
        (["sandbox", "production"] as const).map((environment) => {
          const request: PsyncRequest = { connectorTransactionId: id, merchantTransactionId: "order-1" };
          return {
            label: `stripe psync ${JSON.stringify(id)} ${environment}`,
            basePath: STRIPE_BASE,
            produce: () => pool.transformRequest({ connector: "stripe", flow: "psync", auth, request, options: { environment } }),
          };
        }),
      );
      await validateAll("stripe", spec, overrides, cases);
    });

    describe("negative: a broken request made from one of ours is caught", () => {
      let produced: HttpRequest;
      let psync: HttpRequest;
      before(async () => {
        const [c] = authorizeCases("stripe", auth, STRIPE_BASE, {}).filter((x) => x.name.endsWith("manual-capture USD everything"));
        produced = asHttp(await pool.transformRequest(c.params));
        psync = asHttp(
          await pool.transformRequest({ connector: "stripe", flow: "psync", auth, request: { connectorTransactionId: "pi_123" } }),
        );
        // the unmutated requests are valid, so each problem below comes from its mutation
        assert.deepEqual(check(spec, produced, STRIPE_BASE, overrides, "authorize"), []);
        assert.deepEqual(check(spec, psync, STRIPE_BASE, overrides, "psync"), []);
      });
      const v = (req: HttpRequest) => validateRequest(spec, req, { basePath: STRIPE_BASE, overrides }).problems;
      const mutate = (from: string, to: string) => {
        const data = bodyText(produced);
        assert.ok(data.includes(from), `our body has no ${from}`);
        return withBody(produced, data.replace(from, to));
      };
      const expectProblem = (problems: string[], ...fragments: string[]) =>
        assert.ok(
          problems.some((p) => fragments.every((f) => p.includes(f))),
          `expected a problem with ${fragments.join(" and ")}; got ${JSON.stringify(problems)}`,
        );

      it("a capture_method outside the enum", () => {
        expectProblem(v(mutate("capture_method=manual", "capture_method=later")), "capture_method", '"later"');
      });
      it("a missing required field (amount) and a non-integer amount", () => {
        expectProblem(v(mutate(/amount=\d+&/.exec(bodyText(produced))![0], "")), "amount", "required field missing");
        expectProblem(v(mutate(/amount=\d+&/.exec(bodyText(produced))![0], "amount=10.99&")), "amount", "expected integer");
      });
      it("an unknown field nested in the card hash, and a misspelt top-level field", () => {
        expectProblem(v(withBody(produced, `${bodyText(produced)}&payment_method_data%5Bcard%5D%5Bpin%5D=1234`)), "payment_method_data[card][pin]", "unknown field");
        expectProblem(v(mutate("return_url=", "returnUrl=")), "returnUrl", "unknown field");
      });
      it("an overlong statement_descriptor_suffix (spec maxLength 22)", () => {
        expectProblem(v(mutate("statement_descriptor_suffix=ORDER1001", `statement_descriptor_suffix=${"X".repeat(23)}`)), "statement_descriptor_suffix", "longer than 22");
      });
      it("credentials missing, or not marked sensitive", () => {
        expectProblem(v({ ...produced, headers: produced.headers.filter((h) => h.name.toLowerCase() !== "authorization") }), "no credentials");
        expectProblem(v({ ...produced, headers: produced.headers.map((h) => ({ ...h, sensitive: false })) }), "not marked sensitive");
      });
      it("a JSON body where Stripe takes a form", () => {
        const json = JSON.stringify(decodeForm(bodyText(produced)));
        expectProblem(v({ ...produced, body: { ...produced.body!, contentType: "application/json", data: json } }), "application/json not accepted");
      });
      it("psync: a wrong path, a wrong method, an unknown query parameter", () => {
        expectProblem(v({ ...psync, url: psync.url.replace("/payment_intents/", "/payment_intent/") }), "unknown path");
        expectProblem(v({ ...psync, method: "DELETE" }), "method not in the spec");
        expectProblem(v({ ...psync, url: `${psync.url}&colour=blue` }), "query parameter colour");
      });
      it("the decoded form of a mutated body still decodes (the mutation is what fails, not the decoder)", () => {
        assert.ok(decodeBody(produced.body!.contentType, bodyText(mutate("capture_method=manual", "capture_method=later"))));
      });
      it("uploadDisputeFile (multipart): another purpose, no file part, a broken body, the upload sent to api.stripe.com", async () => {
        const upload = asHttp(
          await pool.transformRequest({
            connector: "stripe",
            flow: "uploadDisputeFile",
            auth,
            request: { file: { filename: "receipt.pdf", contentType: "application/pdf", data: Buffer.from("%PDF-1.4\n").toString("base64") } },
          }),
        );
        const u = (req: HttpRequest) => validateRequest(spec, req, { basePath: STRIPE_BASE, overrides }).problems;
        assert.deepEqual(u(upload), []);
        const bytes = Buffer.from(upload.body!.data, "base64").toString("latin1");
        const edited = (text: string) => ({ ...upload, body: { ...upload.body!, data: Buffer.from(text, "latin1").toString("base64") } });
        expectProblem(u(edited(bytes.replace("dispute_evidence", "dispute_evidenc"))), "purpose", '"dispute_evidenc"');
        expectProblem(u(edited(bytes.replace('name="file"', 'name="upload"'))), "file", "required field missing");
        expectProblem(u(edited(bytes.slice(0, bytes.length - 10))), "closing delimiter");
        expectProblem(u({ ...upload, url: upload.url.replace("files.stripe.com", "api.stripe.com") }), "https://files.stripe.com");
      });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe("Adyen (Checkout API v71)", () => {
    let spec: Spec;
    let overrides: SchemaOverride[];
    const auth = { apiKey: "adyen_oracle_not_a_real_key", merchantAccount: "TestMerchantECOM" };
    const liveAuth = { ...auth, liveEndpointPrefix: "1797a841fbb37ca7-AdyenDemo" };
    const liveBase = adyenLiveBase(liveAuth.liveEndpointPrefix);
    // Adyen's spec requires returnUrl on /payments: every generated case has one (its absence is tested below)
    const always = { returnUrl: "https://shop.example/return" };
    const adyenVariants = {
      // Adyen requires street, houseNumberOrName, city, postalCode and country in an address: the
      // connector refuses a partial one with MissingRequiredField (tested below), so it is no valid case
      partialBillingAddress: null,
      browserInfo: { browserInfo: BROWSER_INFO },
      appBrowserInfo: { browserInfo: { userAgent: BROWSER_INFO.userAgent, acceptHeader: BROWSER_INFO.acceptHeader, ipAddress: "192.0.2.10" } },
      everythingWithBrowser: { ...VARIANTS.everything, browserInfo: BROWSER_INFO },
    };
    before(async () => {
      spec = loadSpec(oraclePath(...ADYEN_SPEC));
      overrides = adyenAppBrowserInfoOverrides(spec);
      // Not a skip: until the Adyen connector lands, these tests fail and say why.
      const adyen = (await pool.listConnectors()).find((c) => c.name === "adyen");
      assert.ok(adyen && adyen.flows.includes("authorize") && adyen.flows.includes("psync"), "the adyen connector has no authorize/psync flows in this binary yet");
    });

    it("every adyen dispute vector (Disputes API v30, its own base URL) against DisputeService-v30", async () => {
      const disputeSpec = loadSpec(oraclePath("adyen", "DisputeService-v30.json"));
      const vectors = requestVectors("adyen").filter((v) => ADYEN_DISPUTE_FLOWS.includes(String(v.params.flow)));
      assert.ok(vectors.length >= 5, `only ${vectors.length} adyen dispute request vectors`);
      await validateAll(
        "adyen",
        disputeSpec,
        [],
        vectors.flatMap((v) => {
          const options = v.params.options as Options | undefined;
          const root = options?.baseUrl?.replace(/\/+$/, "").replace(/\/v71$/, "");
          const base = root
            ? `${root}/ca/services/DisputeService/v30`
            : options?.environment === "production"
              ? "https://ca-live.adyen.com/ca/services/DisputeService/v30"
              : "https://ca-test.adyen.com/ca/services/DisputeService/v30";
          return [
            { label: `${v.file} (stored result)`, basePath: base, stored: true, produce: async () => v.result as HttpRequest },
            { label: `${v.file} (binary)`, basePath: base, produce: () => pool.transformRequest(v.params as TransformRequestParams) },
          ];
        }),
      );
    });

    it("every adyen transformRequest vector with a result: the stored result and the binary's output", async () => {
      const vectors = requestVectors("adyen").filter((v) => !ADYEN_DISPUTE_FLOWS.includes(String(v.params.flow)));
      assert.ok(vectors.length >= 1, "no adyen request vectors in test/vectors/adyen");
      await validateAll(
        "adyen",
        spec,
        overrides,
        vectors.flatMap((v) => {
          const options = v.params.options as Options | undefined;
          const vAuth = v.params.auth as Record<string, string>;
          const base = options?.environment === "production" && vAuth.liveEndpointPrefix ? adyenLiveBase(vAuth.liveEndpointPrefix) : ADYEN_TEST_BASE;
          return [
            { label: `${v.file} (stored result)`, basePath: vectorBasePath(v, base), stored: true, produce: async () => v.result as HttpRequest },
            { label: `${v.file} (binary)`, basePath: vectorBasePath(v, base), produce: () => pool.transformRequest(v.params as TransformRequestParams) },
          ];
        }),
      );
    });

    it("generated authorize matrix: capture methods × currencies × optional fields (incl. browserInfo), test and live", async () => {
      const cases = authorizeCases("adyen", auth, ADYEN_TEST_BASE, adyenVariants, undefined, always);
      // production: https://{liveEndpointPrefix}-checkout-live.adyenpayments.com/checkout/v71
      cases.push(...authorizeCases("adyen", liveAuth, liveBase, adyenVariants, { environment: "production" }, always).filter((_, i) => i % 5 === 0));
      assert.ok(cases.length >= 200, `only ${cases.length} cases`);
      await validateAll(
        "adyen",
        spec,
        overrides,
        cases.map((c) => ({ label: c.name, basePath: c.basePath, produce: () => pool.transformRequest(c.params) })),
      );
    });

    it("the live URL is Adyen's documented one: https://{prefix}-checkout-live.adyenpayments.com/checkout/v71", async () => {
      const [c] = authorizeCases("adyen", liveAuth, liveBase, {}, { environment: "production" }, always);
      const req = await pool.transformRequest(c.params);
      assert.equal(req.url, `${liveBase}/payments`);
    });

    it("without returnUrl (required by Adyen's spec) the request is refused with MissingRequiredField, not sent", async () => {
      const base = authorizeCases("adyen", auth, ADYEN_TEST_BASE, {}).find((x) => x.name.endsWith("automatic-capture USD minimal"))!;
      assert.equal((base.params.request as AuthorizeRequest).returnUrl, undefined);
      await assert.rejects(pool.transformRequest(base.params), (e: SidecarError) => {
        assert.equal(e.code, 1004, e.message);
        assert.equal(e.data.field, "request.returnUrl");
        return true;
      });
    });

    it("incomplete addresses (BillingAddress/DeliveryAddress require street, houseNumberOrName, city, postalCode, country): refused naming the field, or sent spec-valid", async () => {
      const base = authorizeCases("adyen", auth, ADYEN_TEST_BASE, {}, undefined, always).find((x) => x.name.endsWith("automatic-capture USD minimal"))!;
      const inputs: [string, Partial<AuthorizeRequest>][] = [
        ["billing: postal code and country only", { billingAddress: { postalCode: "SW1A 1AA", country: "GB" } }],
        ["billing: no country", { billingAddress: { line1: "Rokin 49", city: "Amsterdam", postalCode: "1012 KK" } }],
        ["billing: US without a state", { billingAddress: { ...FULL_ADDRESS, state: undefined } }],
        ["shipping: city only", { shippingAddress: { city: "Berlin" } }],
      ];
      const problems: string[] = [];
      for (const [what, extra] of inputs) {
        const request = { ...(base.params.request as AuthorizeRequest), ...clone(extra) };
        try {
          const req = asHttp(await pool.transformRequest({ ...base.params, request } as TransformRequestParams));
          const p = check(spec, req, ADYEN_TEST_BASE, overrides, what);
          problems.push(...p);
          (p.length ? invalid : valid).adyen++;
        } catch (e) {
          const err = e as SidecarError;
          if (!(err instanceof SidecarError) || ![1004, 1005].includes(err.code) || !err.data.field?.startsWith("request.")) {
            problems.push(`${what}: ${err.name} ${err.code}: ${err.message}`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });

    it("the app-style browserInfo (userAgent and acceptHeader only) breaks the spec's own required list: the override is needed", async () => {
      const c = authorizeCases("adyen", auth, ADYEN_TEST_BASE, adyenVariants, undefined, always).find((x) => x.name.endsWith("USD appBrowserInfo"))!;
      const req = asHttp(await pool.transformRequest(c.params));
      const strict = validateRequest(spec, req, { basePath: ADYEN_TEST_BASE }).problems;
      assert.ok(strict.length > 0 && strict.every((p) => p.startsWith("browserInfo.") && p.includes("required field missing")), strict.join("; "));
      assert.deepEqual(validateRequest(spec, req, { basePath: ADYEN_TEST_BASE, overrides }).problems, []);
    });

    it("generated psync requests (/payments/details with redirectResult), test and live", async () => {
      const payloads: Record<string, string>[] = [{ redirectResult: "X6XtfGC3!Y..." }, { redirectResult: "eyJ0cmFuc1N0YXR1cyI6IlkifQ==", shopperOrder: "12xy" }];
      const cases = payloads.flatMap((redirectPayload, i) =>
        (
          [
            ["sandbox", auth, ADYEN_TEST_BASE],
            ["production", liveAuth, liveBase],
          ] as const
        ).map(([environment, a, basePath]) => ({
          label: `adyen psync #${i} ${environment}`,
          basePath,
          produce: () =>
            pool.transformRequest({
              connector: "adyen",
              flow: "psync",
              auth: a,
              request: { connectorTransactionId: "V4HZ4RBFJGXXGN82", redirectPayload, ...(i ? { idempotencyKey: "idem-details-1" } : {}) },
              options: { environment },
            }),
        })),
      );
      await validateAll("adyen", spec, overrides, cases);
    });

    describe("negative: a broken request made from one of ours is caught", () => {
      let produced: HttpRequest;
      let body: Record<string, unknown>;
      before(async () => {
        const [c] = authorizeCases("adyen", auth, ADYEN_TEST_BASE, {}, undefined, always).filter((x) => x.name.endsWith("manual-capture USD everything"));
        produced = asHttp(await pool.transformRequest(c.params));
        body = JSON.parse(bodyText(produced)) as Record<string, unknown>;
        assert.deepEqual(check(spec, produced, ADYEN_TEST_BASE, overrides, "authorize"), []);
      });
      const v = (req: HttpRequest) => validateRequest(spec, req, { basePath: ADYEN_TEST_BASE, overrides }).problems;
      const mutated = (change: (b: Record<string, unknown>) => void) => {
        const b = clone(body);
        change(b);
        return withBody(produced, JSON.stringify(b));
      };
      const expectProblem = (problems: string[], ...fragments: string[]) =>
        assert.ok(
          problems.some((p) => fragments.every((f) => p.includes(f))),
          `expected a problem with ${fragments.join(" and ")}; got ${JSON.stringify(problems)}`,
        );

      it("an amount value sent as a string, and a four-letter currency", () => {
        expectProblem(v(mutated((b) => ((b.amount as Record<string, unknown>).value = "1099"))), "amount.value", "expected integer");
        expectProblem(v(mutated((b) => ((b.amount as Record<string, unknown>).currency = "USDX"))), "amount.currency");
      });
      it("a missing merchantAccount, a missing returnUrl", () => {
        expectProblem(v(mutated((b) => delete b.merchantAccount)), "merchantAccount", "required field missing");
        expectProblem(v(mutated((b) => delete b.returnUrl)), "returnUrl", "required field missing");
      });
      it("a misspelt card field and an unknown top-level field", () => {
        expectProblem(
          v(
            mutated((b) => {
              const pm = b.paymentMethod as Record<string, unknown>;
              pm.cardNumber = pm.number;
              delete pm.number;
            }),
          ),
          "paymentMethod.cardNumber",
          "unknown field",
        );
        expectProblem(v(mutated((b) => (b.captureMethod = "manual"))), "captureMethod", "unknown field");
      });
      it("an address missing houseNumberOrName, and a browserInfo without userAgent", () => {
        expectProblem(v(mutated((b) => delete (b.billingAddress as Record<string, unknown>).houseNumberOrName)), "billingAddress.houseNumberOrName", "required field missing");
        expectProblem(
          v(mutated((b) => (b.browserInfo = { acceptHeader: "text/html" }))),
          "browserInfo.userAgent",
          "required field missing",
        );
      });
      it("the wrong API version in the path, and no X-API-Key", () => {
        expectProblem(v({ ...produced, url: produced.url.replace("/v71/", "/v70/") }), "not under the base path");
        expectProblem(v({ ...produced, headers: produced.headers.filter((h) => h.name.toLowerCase() !== "x-api-key") }), "no credentials");
      });
    });
  });
});
