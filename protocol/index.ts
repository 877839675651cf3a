/**
 * The connector-sidecar wire protocol, v1: the single source of truth.
 *
 * Every message between a client and the sidecar is a zod schema here; TypeScript types are
 * inferred from them and `schemas/*.json` (JSON Schema, for other languages) is generated from
 * them by `npm run gen:schemas`. The Rust types in `sidecar/src/protocol/` mirror these; the
 * shared vectors in `test/vectors/` keep both sides honest.
 *
 * Requests are strict (an unknown or misspelt field is an error, never silently ignored: a typo
 * in `captureMethod` must not turn a manual capture into an automatic one). Results are read
 * leniently so a newer sidecar can add fields within the same major version.
 */
import { z } from "zod";
import type { CurrencyCode } from "./currencies.generated.js";
import { CONNECTOR_NAMES, type ConnectorAuthMap } from "./connectors.generated.js";

export const PROTOCOL_VERSION = "1";

// ---------- Money and payment methods ----------

/**
 * On the wire any three capital letters pass this schema: the sidecar is the judge of which codes
 * are active (a withdrawn or unknown one is a 1005 InvalidFieldValue naming the field). The type is
 * narrower: `CurrencyCode`, the active codes of the very table the sidecar checks against
 * (protocol/currencies.generated.ts), so that `"USDX"` or `"usd"` fails to compile.
 */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, "an ISO 4217 alphabetic code in upper case, e.g. USD")
  .describe("ISO 4217 alphabetic currency code") as unknown as z.ZodType<CurrencyCode, CurrencyCode>;
export { CURRENCY_EXPONENTS, type CurrencyCode } from "./currencies.generated.js";

export const Money = z
  .strictObject({
    minorAmount: z
      .number()
      .int("money is integer minor units (cents, paise, yen), never a float")
      .safe()
      .describe("Integer amount in the currency's ISO 4217 minor units: USD 10.00 is 1000, JPY 500 is 500"),
    currency: Currency,
  })
  .describe("An amount in integer ISO 4217 minor units");
export type Money = z.infer<typeof Money>;

export const Card = z.strictObject({
  number: z.string().regex(/^\d{12,19}$/, "12 to 19 digits, no spaces").describe("Primary account number (secret)"),
  expMonth: z.string().regex(/^(0[1-9]|1[0-2])$/, "two digits, 01 to 12"),
  expYear: z.string().regex(/^\d{4}$/, "four digits, YYYY"),
  cvc: z.string().regex(/^\d{3,4}$/, "3 or 4 digits").optional().describe("Card verification code (secret)"),
  holderName: z.string().optional(),
});
export type Card = z.infer<typeof Card>;

const MonthYear = {
  expMonth: Card.shape.expMonth,
  expYear: Card.shape.expYear,
};
const Pan = (what: string) => z.string().regex(/^\d{12,19}$/, "12 to 19 digits, no spaces").describe(`${what} (secret)`);
const Eci = z.string().regex(/^\d{1,2}$/, "the electronic commerce indicator, e.g. 05 or 07").describe("Electronic commerce indicator");

export const NetworkToken = z
  .strictObject({
    number: Pan("The network token (DPAN)"),
    ...MonthYear,
    cryptogram: z.string().min(1).describe("The token cryptogram (TAVV) for this payment (secret)"),
    eci: Eci.optional(),
    tokenRequestorId: z.string().optional().describe("The token requestor id the network assigned"),
  })
  .describe("A card scheme network token (Visa VTS, Mastercard MDES) with its cryptogram");

/** A wallet token decrypted by the merchant (or its vault): a network token and its cryptogram. */
const DecryptedWalletCard = (cryptogram: "required" | "optional") =>
  z.strictObject({
    number: Pan("The device or funding account number from the decrypted token"),
    ...MonthYear,
    cryptogram:
      cryptogram === "required"
        ? z.string().min(1).describe("onlinePaymentCryptogram (secret)")
        : z.string().min(1).optional().describe("The 3-D Secure cryptogram of a CRYPTOGRAM_3DS token (secret); absent for PAN_ONLY"),
    eci: Eci.optional(),
  });

export const ApplePay = z
  .strictObject({
    paymentData: z
      .string()
      .min(1)
      .optional()
      .describe("Base64 of the PKPaymentToken's paymentData JSON, passed through encrypted (secret)"),
    decrypted: DecryptedWalletCard("required").optional().describe("The payment token decrypted by the merchant"),
    network: z.string().optional().describe("PKPaymentMethod.network: Visa, MasterCard, AmEx, ..."),
    displayName: z.string().optional().describe("PKPaymentMethod.displayName, e.g. Visa 0224"),
  })
  .describe("An Apple Pay payment token: `paymentData` (encrypted) or `decrypted`, one of them");

export const GooglePay = z
  .strictObject({
    token: z.string().min(1).optional().describe("The PaymentMethodToken JSON string, encrypted (secret)"),
    decrypted: DecryptedWalletCard("optional").optional().describe("The payment token decrypted by the merchant"),
    cardNetwork: z.string().optional().describe("paymentMethodData.info.cardNetwork: VISA, MASTERCARD, ..."),
    cardDetails: z.string().optional().describe("paymentMethodData.info.cardDetails: the last four digits"),
  })
  .describe("A Google Pay payment token: `token` (encrypted) or `decrypted`, one of them");

export const ProcessorMethod = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "the processor's method name: letters, digits, _ . : - (at most 64)")
  .describe(
    "The processor's own name for this method, for processors that name their methods per merchant account and country " +
      "(Rapyd's payment_method type from List Payment Methods by Country, e.g. nl_ideal_bank; Nuvei's APM name from " +
      "getMerchantPaymentMethods, e.g. apmgw_...). Read only by the connectors whose notes say so; the others name the method themselves from `method`",
  );

export const BANK_REDIRECT_METHODS = [
  "ideal",
  "bancontact",
  "eps",
  "blik",
  "przelewy24",
  "sofort",
  "giropay",
  "trustly",
  "onlineBankingFpx",
  "knet",
  "mybank",
  "multibanco",
  "netbanking",
  "onlineBanking",
] as const;
export const BankRedirect = z
  .strictObject({
    method: z.enum(BANK_REDIRECT_METHODS),
    issuer: z.string().optional().describe("The shopper's bank where the method asks for one (iDEAL issuer, EPS bank, the netbanking bank code)"),
    blikCode: z.string().regex(/^\d{6}$/, "six digits").optional().describe("The six-digit BLIK code from the shopper's bank app (secret)"),
    country: z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2, e.g. DE").optional(),
    termsAccepted: z
      .boolean()
      .optional()
      .describe("The shopper accepted the method provider's terms, where the processor needs that consent (BLIK through Worldpay: Przelewy24's terms)"),
    processorMethod: ProcessorMethod.optional(),
  })
  .describe("The shopper pays in their online bank: a redirect (or an app approval for BLIK)");

export const BANK_DEBIT_METHODS = ["sepa", "ach", "bacs", "becs", "emandate"] as const;
export const EMANDATE_AUTH_TYPES = ["netbanking", "debitcard", "aadhaar"] as const;
export const MandateAcceptance = z
  .strictObject({
    type: z.enum(["online", "offline"]).optional().describe("Default online"),
    acceptedAt: z.string().optional().describe("ISO 8601 UTC time the shopper accepted the mandate"),
    ipAddress: z.string().optional().describe("Default browserInfo.ipAddress"),
    userAgent: z.string().optional().describe("Default browserInfo.userAgent"),
  })
  .describe("How the shopper accepted the debit mandate (SEPA and BECS require it)");
export const BankDebit = z
  .strictObject({
    method: z.enum(BANK_DEBIT_METHODS),
    accountHolderName: z.string().min(1),
    iban: z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/, "an IBAN without spaces, upper case").optional().describe("SEPA (secret)"),
    accountNumber: z.string().regex(/^\d{4,18}$/, "4 to 18 digits").optional().describe("ACH, BACS, BECS, emandate (secret)"),
    routingNumber: z.string().regex(/^\d{9}$/, "nine digits").optional().describe("ACH ABA routing number"),
    sortCode: z.string().regex(/^\d{6}$/, "six digits").optional().describe("BACS sort code"),
    bsbNumber: z.string().regex(/^\d{6}$/, "six digits").optional().describe("BECS BSB number"),
    accountType: z.enum(["checking", "savings"]).optional().describe("ACH, emandate; default checking"),
    ifsc: z
      .string()
      .regex(/^[A-Z]{4}0[A-Z0-9]{6}$/, "an IFSC: four letters, 0, six letters or digits, e.g. HDFC0000001")
      .optional()
      .describe("emandate: the Indian Financial System Code of the shopper's branch"),
    authType: z
      .enum(EMANDATE_AUTH_TYPES)
      .optional()
      .describe("emandate: how the shopper authorises the mandate at their bank (NPCI e-mandate: net banking, debit card or Aadhaar)"),
    mandateId: z
      .string()
      .regex(/^[A-Za-z0-9+?/:().,' -]{1,35}$/, "1 to 35 characters of the SEPA character set")
      .optional()
      .describe("The merchant's own mandate reference where the processor takes one (SEPA's Unique Mandate Reference)"),
    mandateAcceptance: MandateAcceptance.optional(),
    processorMethod: ProcessorMethod.optional(),
  })
  .describe("A direct debit from the shopper's bank account");

export const BNPL_METHODS = ["klarna", "afterpayClearpay", "affirm"] as const;
export const Bnpl = z
  .strictObject({
    method: z.enum(BNPL_METHODS),
    processorMethod: ProcessorMethod.optional(),
    termsUrl: z
      .string()
      .optional()
      .describe("The merchant's terms and conditions page, where the processor requires its link (Klarna through Worldpay: order.termsUrl)"),
  })
  .describe("Buy now, pay later: a redirect to the provider; send orderLines");

export const VOUCHER_METHODS = ["boleto", "oxxo", "konbini", "pix"] as const;
export const Voucher = z
  .strictObject({
    method: z.enum(VOUCHER_METHODS),
    taxId: z.string().optional().describe("The shopper's CPF or CNPJ (Boleto, Pix)"),
    processorMethod: ProcessorMethod.optional(),
  })
  .describe("The shopper pays later with a voucher or code (the result's nextAction says what to show)");

export const WALLET_REDIRECT_METHODS = [
  "alipay",
  "alipayHk",
  "wechatPay",
  "mbway",
  "swish",
  "twint",
  "vipps",
  "mobilepay",
  "gcash",
  "grabpay",
  "kakaoPay",
  "dana",
  "gopay",
  "touchNGo",
  "cashApp",
  "revolutPay",
  "payzapp",
  "airtelMoney",
  "mobikwik",
  "jioMoney",
  "olaMoney",
  "phonepe",
  "amazonPay",
] as const;
export const WalletRedirect = z
  .strictObject({ method: z.enum(WALLET_REDIRECT_METHODS), processorMethod: ProcessorMethod.optional() })
  .describe("A wallet the shopper approves in its app or site: a redirect, QR code or app approval");

export const MOBILE_MONEY_PROVIDERS = ["mpesa", "mtn", "airtelTigo", "vodafone", "airtel", "orange"] as const;
export const MobileMoney = z
  .strictObject({
    provider: z.enum(MOBILE_MONEY_PROVIDERS).describe("The mobile money operator the shopper's wallet is with"),
    phoneNumber: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, "E.164: a + and 7 to 15 digits, e.g. +233241234567")
      .describe("The wallet's phone number, E.164 (secret: it identifies the shopper's wallet; masked by redact())"),
    processorMethod: ProcessorMethod.optional(),
  })
  .describe("The shopper pays from a mobile money wallet: they approve on their phone (a prompt, a USSD code or an OTP)");

export const BANK_TRANSFER_METHODS = ["virtualAccount", "sepaCreditTransfer"] as const;
export const BankTransfer = z
  .strictObject({
    method: z.enum(BANK_TRANSFER_METHODS),
    bank: z.string().min(1).optional().describe("The bank or channel code where the method asks for one (BCA, BNI, MANDIRI, ...)"),
    country: z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2, e.g. ID").optional(),
    processorMethod: ProcessorMethod.optional(),
  })
  .describe("The shopper pays by a bank transfer to the account the result's nextAction (displayBankDetails) shows");

/** The `method` values each payment method type takes, for the types that have them. */
export const PAYMENT_METHOD_METHODS = {
  bankRedirect: BANK_REDIRECT_METHODS,
  bankDebit: BANK_DEBIT_METHODS,
  bnpl: BNPL_METHODS,
  voucher: VOUCHER_METHODS,
  walletRedirect: WALLET_REDIRECT_METHODS,
  mobileMoney: MOBILE_MONEY_PROVIDERS,
  bankTransfer: BANK_TRANSFER_METHODS,
} as const;

export const PaymentMethod = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("card"), card: Card }),
    z.strictObject({ type: z.literal("upiCollect"), upi: z.strictObject({ vpa: z.string().regex(/^[^@\s]+@[^@\s]+$/, "name@bank") }) }),
    z.strictObject({
      type: z.literal("upiIntent"),
      upi: z.strictObject({ targetApp: z.string().optional().describe("e.g. com.phonepe.app") }).optional(),
    }),
    z.strictObject({
      type: z.literal("token"),
      token: z
        .strictObject({
          value: z.string().min(1).describe("A secret: treat like card data"),
          kind: z
            .string()
            .min(1)
            .optional()
            .describe("Which of the processor's token kinds `value` is, where it takes several (the connector's notes list them)"),
        })
        .describe("A token/nonce from the processor's client SDK (Stripe pm_.../tok_..., Square cnon:..., Braintree nonce, Checkout.com tok_..., Adyen encrypted card fields)"),
    }),
    z.strictObject({
      type: z.literal("paypal"),
      paypal: z
        .strictObject({ email: z.string().optional().describe("Prefills PayPal's login") })
        .optional()
        .describe("PayPal wallet: the shopper approves on PayPal (a redirect), then completeAuthorize"),
    }),
    z.strictObject({ type: z.literal("networkToken"), networkToken: NetworkToken }),
    z.strictObject({ type: z.literal("applePay"), applePay: ApplePay }),
    z.strictObject({ type: z.literal("googlePay"), googlePay: GooglePay }),
    z.strictObject({ type: z.literal("bankRedirect"), bankRedirect: BankRedirect }),
    z.strictObject({ type: z.literal("bankDebit"), bankDebit: BankDebit }),
    z.strictObject({ type: z.literal("bnpl"), bnpl: Bnpl }),
    z.strictObject({ type: z.literal("voucher"), voucher: Voucher }),
    z.strictObject({ type: z.literal("walletRedirect"), walletRedirect: WalletRedirect }),
    z.strictObject({ type: z.literal("mobileMoney"), mobileMoney: MobileMoney }),
    z.strictObject({ type: z.literal("bankTransfer"), bankTransfer: BankTransfer }),
  ])
  .describe("How the shopper pays, tagged by `type`");
export type PaymentMethod = z.infer<typeof PaymentMethod>;
export const PaymentMethodType = z.enum(PaymentMethod.options.map((o) => o.shape.type.value) as [PaymentMethod["type"], ...PaymentMethod["type"][]]);
export type PaymentMethodType = z.infer<typeof PaymentMethodType>;

export const Customer = z.strictObject({
  id: z.string().optional().describe("The merchant's id for the shopper (Adyen shopperReference)"),
  connectorCustomerId: z
    .string()
    .optional()
    .describe("The processor's customer object (Stripe cus_...), from createCustomer or a setupMandate result"),
  email: z.string().optional(),
  name: z.string().optional(),
  phone: z.string().optional(),
  document: z
    .strictObject({
      type: z.string().min(1).optional().describe("The document's kind as the country names it: CPF, CNPJ, DNI, CURP, RUT, NIN, ..."),
      number: z.string().min(1).describe("The document's number (secret: masked by redact())"),
    })
    .optional()
    .describe("The shopper's national identity or tax document, which some countries' processors require (dLocal payer.document)"),
});

export const Address = z.strictObject({
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  line1: z.string().optional(),
  line2: z.string().optional(),
  line3: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2, e.g. US").optional(),
});

export const BrowserInfo = z.strictObject({
  userAgent: z.string().optional(),
  acceptHeader: z.string().optional(),
  ipAddress: z.string().optional(),
  language: z.string().optional(),
  colorDepth: z.number().int().optional(),
  screenHeight: z.number().int().optional(),
  screenWidth: z.number().int().optional(),
  timeZoneOffset: z.number().int().optional(),
  javaEnabled: z.boolean().optional(),
  javascriptEnabled: z.boolean().optional(),
});

export const ConnectorState = z
  .record(z.string(), z.string())
  .describe("Tokens a connector carries between calls (e.g. an OAuth access token)");

export const ThreeDs = z
  .strictObject({
    mode: z
      .enum(["auto", "challenge", "skip"])
      .optional()
      .describe("auto (default): the processor decides; challenge: ask for a challenge; skip: no 3-D Secure (exemption or out of scope)"),
    external: z
      .strictObject({
        version: z.string().regex(/^[12]\.\d+(\.\d+)?$/, "the 3-D Secure protocol version, e.g. 2.2.0").describe("e.g. 2.2.0"),
        cavv: z.string().min(1).describe("The authentication value (CAVV, AAV) the ACS returned (secret)"),
        eci: Eci,
        dsTransactionId: z.string().optional().describe("The directory server's transaction id (3DS 2)"),
        xid: z.string().optional().describe("The 3DS 1 transaction id"),
        status: z
          .enum(["Y", "A", "N", "U", "R", "C", "D", "I"])
          .optional()
          .describe("The EMV 3DS transStatus of the authentication (Y authenticated, A attempted, ...)"),
      })
      .optional()
      .describe("The result of a 3-D Secure authentication done elsewhere (a 3DS server or MPI)"),
  })
  .describe("Ask for, force or skip 3-D Secure, or pass an authentication done elsewhere");
export type ThreeDs = z.infer<typeof ThreeDs>;

export const OrderLine = z
  .strictObject({
    name: z.string().min(1),
    quantity: z.number().int().positive(),
    unitAmount: Money.describe("Price of one unit, tax included; negative for a discount line"),
    taxAmount: Money.optional().describe("The tax included in this line's total (quantity × unitAmount)"),
    sku: z.string().optional(),
    category: z.enum(["physical", "digital", "discount", "shippingFee", "surcharge", "giftCard", "storeCredit"]).optional(),
    imageUrl: z.string().optional(),
    productUrl: z.string().optional(),
  })
  .describe("One line of the order: Klarna, Afterpay and Affirm require them; in the payment's currency");

export const OrderLines = z
  .array(OrderLine)
  .describe("The order's lines, in the amount's currency; where the processor requires it, quantity × unitAmount adds up to the amount");

export const RecurringType = z
  .enum(["scheduled", "unscheduled", "installment"])
  .describe(
    "The kind of merchant-initiated series a saved method serves or a repeatPayment belongs to: scheduled (a subscription: " +
      "fixed intervals), unscheduled (default: charges when needed, e.g. top-ups), installment (one purchase paid in parts)",
  );

// ---------- Flow requests ----------

export const AuthorizeRequest = z.strictObject({
  merchantTransactionId: z.string().min(1).describe("The merchant's own reference for this payment"),
  amount: Money,
  paymentMethod: PaymentMethod,
  captureMethod: z.enum(["automatic", "manual"]).optional().describe("Default automatic"),
  setupFutureUsage: z
    .enum(["offSession", "onSession"])
    .optional()
    .describe("Save the payment method for later payments; the result's mandateReference names it"),
  customer: Customer.optional(),
  billingAddress: Address.optional(),
  shippingAddress: Address.optional(),
  browserInfo: BrowserInfo.optional(),
  returnUrl: z.string().optional().describe("Where the shopper's browser returns after a redirect (3DS, wallets)"),
  webhookUrl: z.string().optional(),
  description: z.string().optional(),
  statementDescriptor: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  threeDs: ThreeDs.optional(),
  orderLines: OrderLines.optional(),
  recurringType: RecurringType.optional().describe("With setupFutureUsage: the series the saved method will serve"),
  idempotencyKey: z.string().optional().describe("Sent as the processor's idempotency header"),
  state: ConnectorState.optional(),
});
export type AuthorizeRequest = z.infer<typeof AuthorizeRequest>;

export const PsyncRequest = z.strictObject({
  connectorTransactionId: z.string().min(1).describe("The processor's payment id from authorize"),
  merchantTransactionId: z.string().optional(),
  amount: Money.optional(),
  redirectPayload: z
    .record(z.string(), z.string())
    .optional()
    .describe("What the shopper's browser brought back to returnUrl (e.g. Adyen's redirectResult)"),
  idempotencyKey: z.string().optional(),
  state: ConnectorState.optional(),
});
export type PsyncRequest = z.infer<typeof PsyncRequest>;

/** An amount above zero: captures, refunds, merchant-initiated payments. */
export const PositiveMoney = z
  .strictObject({
    minorAmount: Money.shape.minorAmount.positive("must be greater than zero"),
    currency: Currency,
  })
  .describe("An amount above zero in integer ISO 4217 minor units");

export const CaptureRequest = z.strictObject({
  connectorTransactionId: z.string().min(1),
  amountToCapture: PositiveMoney.optional().describe(
    "Part of the authorized amount for a partial capture, or all of it. Left out: all of it (Stripe, Checkout.com, PayPal, " +
      "Braintree, Authorize.Net and Square capture what is authorized; Adyen and Cybersource need paymentAmount then)",
  ),
  paymentAmount: Money.optional().describe(
    "The amount authorized, for processors that need it: without amountToCapture, Adyen and Cybersource capture this amount",
  ),
  merchantTransactionId: z.string().optional(),
  merchantCaptureId: z.string().optional().describe("The merchant's reference for this capture (Adyen reference)"),
  idempotencyKey: z.string().optional(),
  state: ConnectorState.optional(),
});
export type CaptureRequest = z.infer<typeof CaptureRequest>;

export const VoidRequest = z.strictObject({
  connectorTransactionId: z.string().min(1),
  merchantTransactionId: z.string().optional(),
  reason: z.string().optional().describe("Stripe: duplicate | fraudulent | requested_by_customer | abandoned"),
  amount: Money.optional().describe("The amount authorized, for processors that need it"),
  idempotencyKey: z.string().optional(),
  state: ConnectorState.optional(),
});
export type VoidRequest = z.infer<typeof VoidRequest>;

export const RefundRequest = z.strictObject({
  connectorTransactionId: z.string().min(1),
  merchantRefundId: z.string().min(1).describe("The merchant's own id for this refund; unique per refund"),
  refundAmount: PositiveMoney,
  paymentAmount: Money.optional().describe("The amount of the payment, for processors that need it"),
  merchantTransactionId: z.string().optional(),
  reason: z.string().optional(),
  webhookUrl: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  idempotencyKey: z.string().optional(),
  state: ConnectorState.optional(),
  paymentMethod: PaymentMethod.optional().describe(
    "The payment's method again, for processors whose refund must name it: Authorize.Net refunds an eCheck.Net debit only to the bank account (bankDebit ach) given here",
  ),
});
export type RefundRequest = z.infer<typeof RefundRequest>;

export const RsyncRequest = z.strictObject({
  connectorTransactionId: z.string().min(1),
  connectorRefundId: z.string().min(1),
  merchantRefundId: z.string().optional(),
  refundAmount: Money.optional(),
  idempotencyKey: z.string().optional(),
  state: ConnectorState.optional(),
});
export type RsyncRequest = z.infer<typeof RsyncRequest>;

export const SetupMandateRequest = z.strictObject({
  merchantTransactionId: z.string().min(1),
  amount: Money.describe("The verification amount; minorAmount 0 for a zero-value check"),
  paymentMethod: PaymentMethod,
  customer: Customer.optional(),
  billingAddress: Address.optional(),
  browserInfo: BrowserInfo.optional(),
  returnUrl: z.string().optional(),
  webhookUrl: z.string().optional(),
  description: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  threeDs: ThreeDs.optional(),
  orderLines: OrderLines.optional(),
  recurringType: RecurringType.optional().describe("The series the saved method will serve"),
  idempotencyKey: z.string().optional(),
  state: ConnectorState.optional(),
  maxAmount: PositiveMoney.optional().describe(
    "The most one later charge on the saved method may take, in the mandate's currency, for mandates that carry a cap (Razorpay's token.max_amount: an RBI e-mandate)",
  ),
});
export type SetupMandateRequest = z.infer<typeof SetupMandateRequest>;

export const RepeatPaymentRequest = z.strictObject({
  merchantTransactionId: z.string().min(1),
  amount: PositiveMoney,
  mandateReference: z.string().min(1).describe("From setupMandate, or authorize with setupFutureUsage"),
  captureMethod: z.enum(["automatic", "manual"]).optional(),
  customer: Customer.optional(),
  networkTransactionId: z.string().optional().describe("The scheme's id of the first payment"),
  description: z.string().optional(),
  statementDescriptor: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  webhookUrl: z.string().optional(),
  returnUrl: z
    .string()
    .optional()
    .describe("For processors whose payment call requires one even without a shopper (Adyen's /payments)"),
  orderLines: OrderLines.optional(),
  recurringType: RecurringType.optional().describe("The series this payment belongs to"),
  idempotencyKey: z.string().optional(),
  state: ConnectorState.optional(),
});
export type RepeatPaymentRequest = z.infer<typeof RepeatPaymentRequest>;

export const CreateCustomerRequest = z.strictObject({
  customer: Customer,
  merchantTransactionId: z.string().optional(),
  description: z.string().optional(),
  idempotencyKey: z
    .string()
    .optional()
    .describe("The operation's key; a preparatory step like this one sends `<key>:customer`"),
  state: ConnectorState.optional(),
});
export type CreateCustomerRequest = z.infer<typeof CreateCustomerRequest>;

export const CreateAccessTokenRequest = z
  .strictObject({ idempotencyKey: z.string().optional(), state: ConnectorState.optional() })
  .describe("Fetches an OAuth access token; the result's state carries it to later requests");
export type CreateAccessTokenRequest = z.infer<typeof CreateAccessTokenRequest>;

export const CompleteAuthorizeRequest = z
  .strictObject({
    connectorTransactionId: z.string().min(1),
    merchantTransactionId: z.string().optional(),
    amount: Money.optional(),
    captureMethod: z.enum(["automatic", "manual"]).optional(),
    redirectPayload: z.record(z.string(), z.string()).optional().describe("What the shopper's browser brought back to returnUrl"),
    idempotencyKey: z.string().optional(),
    state: ConnectorState.optional(),
    otp: z
      .string()
      .min(1)
      .optional()
      .describe("A one-time code the shopper entered (a voucher or OTP from their bank or mobile money operator), for processors that take it in a completion call (Paystack's submit_otp); secret: masked by redact()"),
    pin: z
      .string()
      .regex(/^\d{4,6}$/, "4 to 6 digits")
      .optional()
      .describe("The card or account PIN the shopper entered when the processor asked for it (Paystack's send_pin → submit_pin); secret: masked by redact(), never in an error"),
    phone: z
      .string()
      .min(1)
      .optional()
      .describe("The shopper's phone number when the processor asked for it (Paystack's send_phone → submit_phone), as the shopper entered it"),
    birthday: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")
      .optional()
      .describe("The shopper's date of birth, YYYY-MM-DD, when the processor asked for it (Paystack's send_birthday → submit_birthday); masked by redact()"),
    billingAddress: Address.optional().describe(
      "The shopper's billing address when the processor asked for it for address verification (Paystack's send_address → submit_address)",
    ),
  })
  .describe("Finishes a payment the shopper approved away from the merchant (PayPal approval, a 3DS challenge)");
export type CompleteAuthorizeRequest = z.infer<typeof CompleteAuthorizeRequest>;

export const WebhookHeader = z.strictObject({ name: z.string(), value: z.string() });

/** Headers the client received (a processor's response, a webhook), in either shape callers hold them. */
export const ReceivedHeaders = z
  .union([
    z.array(WebhookHeader).describe("One {name, value} per header line"),
    z
      .record(z.string(), z.union([z.string(), z.array(z.string())]))
      .describe("Header name to its value, or to its values when the header came more than once (Node, Python and Go hand headers over like this)"),
  ])
  .describe("A list of {name, value}, or an object of header name to a string or a list of strings; names match case-insensitively");
export type ReceivedHeaders = z.infer<typeof ReceivedHeaders>;

/** ReceivedHeaders as one {name, value} per header line, in order (as the sidecar reads them). */
export function headerEntries(headers: ReceivedHeaders | undefined): { name: string; value: string }[] {
  if (headers === undefined) return [];
  if (Array.isArray(headers)) return headers;
  return Object.entries(headers).flatMap(([name, v]) => (typeof v === "string" ? [v] : v).map((value) => ({ name, value })));
}

export const VerifyWebhookRequest = z
  .strictObject({
    headers: ReceivedHeaders.describe("The webhook's request headers as received, as a list or an object (PayPal: the PAYPAL-TRANSMISSION-* headers)"),
    body: z.string().describe("The raw body exactly as received"),
    webhookId: z
      .string()
      .min(1)
      .describe("The processor's id of the endpoint the webhook was sent to (PayPal: the Webhook ID of the app's webhook)"),
    state: ConnectorState.optional().describe("The access token (PayPal: createAccessToken's state)"),
  })
  .describe(
    "Asks the processor whether a webhook it sent is genuine, for connectors whose webhook signature only the processor " +
      "can check (ConnectorInfo.webhookVerification `remote`); pass the result to parseWebhook as `remoteVerification`",
  );
export type VerifyWebhookRequest = z.infer<typeof VerifyWebhookRequest>;

export const Auth = z
  .record(z.string(), z.string())
  .describe("The connector's credentials, keys as listConnectors.authFields says. Every value is a secret.");

// ---------- Connectors (types) ----------
// The wire takes any connector name and any credential keys (the sidecar answers 1001
// UnknownConnector, 1004 MissingRequiredField): a newer sidecar may have connectors this package
// does not know. The types are narrower, generated from the sidecar's listConnectors
// (protocol/connectors.generated.ts, `npm run gen:types`): a misspelt connector or credential fails
// to compile.

export { CONNECTOR_NAMES, type ConnectorAuthMap };
/** A connector this version of the package knows. */
export type ConnectorName = (typeof CONNECTOR_NAMES)[number];
/** The `auth` of connector `C`: its required credentials, and its optional ones as optional. */
export type AuthOf<C extends ConnectorName> = ConnectorAuthMap[C];
/** `connector` and its own `auth`, one member per connector, told apart by `connector`. */
export type ConnectorCall = { [C in ConnectorName]: { connector: C; auth: AuthOf<C> } }[ConnectorName];

export const Options = z.strictObject({
  environment: z.enum(["sandbox", "production"]).optional().describe("Default sandbox"),
  baseUrl: z.string().optional().describe("Overrides the connector's base URL (proxies, local emulators)"),
  now: z.string().optional().describe("ISO 8601 UTC; fixes the clock for connectors that sign with a timestamp"),
  nonce: z.string().optional().describe("Fixes randomness"),
  webhookToleranceSeconds: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe("How old a signed webhook may be before it is refused (default 300 s)"),
});
export type Options = z.infer<typeof Options>;

// ---------- HTTP ----------

export const HttpHeader = z.object({
  name: z.string(),
  value: z.string(),
  sensitive: z.boolean().describe("Credentials and signatures: mask before logging"),
});

export const HttpRequest = z
  .object({
    url: z.string(),
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    headers: z.array(HttpHeader),
    body: z
      .object({
        contentType: z.string(),
        encoding: z.enum(["utf8", "base64"]),
        data: z.string(),
        sensitive: z.boolean().describe("True when the body holds card data or secrets"),
      })
      .nullable(),
  })
  .describe("Exactly what the client must send to the processor");
export type HttpRequest = z.infer<typeof HttpRequest>;

export const HttpResponse = z
  .strictObject({
    status: z.number().int().min(100).max(599),
    headers: ReceivedHeaders.optional(),
    body: z.string().optional(),
    encoding: z.enum(["utf8", "base64"]).optional().describe("Default utf8"),
    bodyJsonBytes: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("With bodyJson (and only with it): the exact length in bytes of bodyJson's text as written in the message (the body's UTF-8 length)"),
    bodyJson: z
      .unknown()
      .optional()
      .describe(
        "Instead of body, for a JSON body: the body's text written verbatim into the message as a JSON value, right after `\"bodyJson\":` (no whitespace, key written as is), so neither side escapes it; the sidecar reads it as that raw text and refuses the message (InvalidParams, field response.bodyJson) unless the value is exactly bodyJsonBytes bytes long, so a body that is not exactly one JSON value is never read as fields of the call. Optional: every driver may keep sending body as a string; a sidecar that reads it says bodyJson: true in its initialize answer",
      ),
  })
  .refine((r) => (r.bodyJson === undefined) === (r.bodyJsonBytes === undefined), {
    message: "bodyJson and bodyJsonBytes go together",
    path: ["bodyJson"],
  })
  .refine((r) => r.bodyJson === undefined || (r.body === undefined && r.encoding !== "base64"), {
    message: "bodyJson replaces body (utf8 only)",
    path: ["bodyJson"],
  })
  .meta({
    description: "The processor's HTTP response as the client received it",
    // The two refinements above, written out for JSON Schema (zod cannot write a refinement out):
    // the published schemas carry them, and so does the client's compiled check of the params
    // (client/params-check.ts). test/params-check.test.ts holds both forms to the same verdicts.
    dependentRequired: { bodyJson: ["bodyJsonBytes"], bodyJsonBytes: ["bodyJson"] },
    if: { required: ["bodyJson"] },
    then: {
      not: { anyOf: [{ required: ["body"] }, { required: ["encoding"], properties: { encoding: { const: "base64" } } }] },
    },
  });
export type HttpResponse = z.infer<typeof HttpResponse>;

// ---------- Results ----------

export const PaymentStatus = z.enum([
  "started",
  "authentication_pending",
  "authentication_successful",
  "authentication_failed",
  "authorizing",
  "authorized",
  "partially_authorized",
  "charged",
  "partial_charged",
  "capture_initiated",
  "capture_failed",
  "void_initiated",
  "voided",
  "void_failed",
  "pending",
  "failure",
  "unresolved",
]);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

export const RefundStatus = z.enum(["pending", "success", "failure", "manual_review"]);

export const UnifiedErrorCode = z
  .enum([
    "card_declined",
    "insufficient_funds",
    "expired_card",
    "incorrect_cvc",
    "invalid_card_number",
    "invalid_expiry_date",
    "lost_or_stolen_card",
    "card_not_supported",
    "transaction_not_allowed",
    "authentication_required",
    "authentication_failed",
    "fraud_suspected",
    "limit_exceeded",
    "duplicate_transaction",
    "invalid_amount",
    "invalid_request",
    "invalid_credentials",
    "not_found",
    "rate_limited",
    "processor_unavailable",
    "processing_error",
  ])
  .describe("The same list across connectors");
export type UnifiedErrorCode = z.infer<typeof UnifiedErrorCode>;

export const ErrorInfo = z.object({
  code: UnifiedErrorCode,
  message: z.string(),
  connectorCode: z.string().nullable(),
  connectorMessage: z.string().nullable(),
  declineCode: z.string().optional(),
  adviceCode: z.string().optional(),
  declineType: z.enum(["soft", "hard"]).optional().describe("soft: a retry may succeed; hard: do not retry this card"),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

export const Redirection = z.object({
  url: z.string(),
  method: z.enum(["GET", "POST"]),
  form: z.record(z.string(), z.string()).optional(),
});

export const NextAction = z
  .object({
    type: z.enum(["redirect", "displayVoucher", "displayQrCode", "awaitApproval", "displayBankDetails"]),
    url: z.string().optional().describe("Where to send the shopper, or the voucher's printable page"),
    reference: z.string().optional().describe("The voucher's number or barcode line, or the code to enter"),
    qrData: z.string().optional().describe("What the QR code encodes (Pix copia e cola, a wallet's payment string)"),
    expiresAt: z.string().optional().describe("ISO 8601: when the voucher, code or approval request expires"),
    bankDetails: z
      .object({
        accountNumber: z.string().optional().describe("The (virtual) account number to pay into"),
        bankName: z.string().optional(),
        bankCode: z.string().optional(),
        accountHolderName: z.string().optional(),
        iban: z.string().optional(),
        bic: z.string().optional(),
        reference: z.string().optional().describe("The reference the shopper must quote with the transfer"),
      })
      .optional()
      .describe("displayBankDetails: where the shopper transfers the amount"),
  })
  .describe("What the shopper must do elsewhere before the payment completes; psync or a webhook tells the outcome");

export const PaymentResult = z.object({
  status: PaymentStatus,
  connectorTransactionId: z.string().optional(),
  connectorStatus: z.string().optional().describe("The processor's own status word, for audit trails"),
  networkTransactionId: z.string().optional(),
  redirection: Redirection.optional(),
  nextAction: NextAction.optional(),
  mandateReference: z.string().optional().describe("The saved payment method, for repeatPayment"),
  connectorCustomerId: z
    .string()
    .optional()
    .describe("The processor's customer the mandate lives under; pass it back in customer.connectorCustomerId"),
  state: ConnectorState.optional(),
  amountCaptured: Money.optional(),
  authorizedAmount: Money.optional().describe("The total now authorized (incrementalAuthorization), when the processor says it"),
  error: ErrorInfo.optional(),
  httpStatus: z.number().int(),
});
export type PaymentResult = z.infer<typeof PaymentResult>;

export const RefundResult = z.object({
  status: RefundStatus,
  connectorRefundId: z.string().optional(),
  connectorStatus: z.string().optional(),
  refundAmount: Money.optional().describe("The amount refunded, when the processor says it"),
  error: ErrorInfo.optional(),
  httpStatus: z.number().int(),
});
export type RefundResult = z.infer<typeof RefundResult>;

export const CustomerResult = z.object({
  status: z.enum(["success", "failure"]),
  connectorCustomerId: z.string().optional(),
  error: ErrorInfo.optional(),
  httpStatus: z.number().int(),
});
export type CustomerResult = z.infer<typeof CustomerResult>;

export const AccessTokenResult = z.object({
  status: z.enum(["success", "failure"]),
  state: ConnectorState.optional().describe("Holds the token: pass it as `state` on later requests"),
  expiresInSeconds: z.number().int().optional(),
  error: ErrorInfo.optional(),
  httpStatus: z.number().int(),
});
export type AccessTokenResult = z.infer<typeof AccessTokenResult>;

export const WebhookVerificationResult = z
  .object({
    verified: z.boolean().describe("True only when the processor said the webhook is genuine"),
    reason: z.string().optional().describe("Why it is not verified"),
    bodySha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe("SHA-256 (hex) of the body that was verified: parseWebhook takes this result for that body only"),
    error: ErrorInfo.optional().describe(
      "The verification call itself failed (an expired token, the processor unavailable): nothing is known about the webhook; retry",
    ),
    httpStatus: z.number().int(),
  })
  .describe("The result of verifyWebhook: pass it to parseWebhook as `remoteVerification`");
export type WebhookVerificationResult = z.infer<typeof WebhookVerificationResult>;

// ---------- Sessions, incremental authorization, saved methods, reversal, disputes (issue 12) ----------

export const CreateSessionRequest = z
  .strictObject({
    merchantTransactionId: z.string().min(1).describe("The merchant's own reference for the payment the session becomes"),
    amount: Money.describe("The payment's amount (above zero); with mode `setup`, the mandate's currency and 0 or the verification amount"),
    mode: z.enum(["payment", "setup"]).optional().describe("payment (default): the front end pays; setup: it only saves the payment method"),
    captureMethod: z.enum(["automatic", "manual"]).optional().describe("Default automatic"),
    setupFutureUsage: z.enum(["offSession", "onSession"]).optional().describe("Save the payment method while paying"),
    customer: Customer.optional(),
    billingAddress: Address.optional(),
    returnUrl: z.string().optional().describe("Where the shopper's browser returns after a redirect (3DS, wallets)"),
    paymentMethodTypes: z
      .array(z.string().min(1))
      .optional()
      .describe(
        "What the front end may offer, by the protocol's names: card, applePay, googlePay, paypal, or a `method` of " +
          "bankRedirect, bankDebit, bnpl, voucher or walletRedirect (ideal, sepa, klarna...); absent: what the merchant account has enabled. " +
          "A name the processor's session cannot offer is refused (1003, naming the item)",
      ),
    countryCode: z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2, e.g. NL").optional().describe("The shopper's country"),
    locale: z.string().optional().describe("The shopper's locale, e.g. en-US"),
    description: z.string().optional(),
    metadata: z.record(z.string(), z.string()).optional(),
    applePayMerchantValidation: z
      .strictObject({
        displayName: z.string().min(1).max(64).describe("The name the shopper sees on the Apple Pay sheet"),
        domainName: z.string().min(1).describe("The shop's domain as registered for Apple Pay: window.location.hostname"),
        merchantIdentifier: z.string().min(1).describe("The Apple Pay merchant identifier"),
      })
      .optional()
      .describe(
        "Apple Pay's merchant validation (the front end's onvalidatemerchant) with the processor's Apple Pay certificate: the session " +
          "asked for is Apple's merchant session, returned in sessionData for completeMerchantValidation (Adyen /applePay/sessions). " +
          "A connector whose processor has no such call refuses it (1003); mode, captureMethod and the payment fields are not sent",
      ),
    idempotencyKey: z.string().optional(),
    state: ConnectorState.optional(),
  })
  .describe(
    "Creates what the processor's browser or app SDK completes (Stripe PaymentIntent or SetupIntent, Adyen /sessions, " +
      "PayPal order, Braintree client token): card data never touches the merchant's server. Psync connectorTransactionId after the front end finishes",
  );
export type CreateSessionRequest = z.infer<typeof CreateSessionRequest>;

export const IncrementalAuthorizationRequest = z
  .strictObject({
    connectorTransactionId: z.string().min(1),
    additionalAmount: PositiveMoney.describe("What to add to the amount authorized so far"),
    paymentAmount: PositiveMoney.optional().describe(
      "The amount authorized so far. Processors that take the new total (Stripe, Adyen) need it: without it they answer 1004 naming request.paymentAmount",
    ),
    reason: z.string().optional(),
    merchantTransactionId: z.string().optional(),
    idempotencyKey: z.string().optional(),
    state: ConnectorState.optional(),
  })
  .describe("Raises an authorized, uncaptured amount (hotels, car rental, tips); the result's authorizedAmount is the new total");
export type IncrementalAuthorizationRequest = z.infer<typeof IncrementalAuthorizationRequest>;

export const RevokeMandateRequest = z
  .strictObject({
    mandateReference: z.string().min(1).describe("The saved payment method (setupMandate's mandateReference)"),
    customer: Customer.optional().describe("Whose it is, where the processor keeps saved methods under a customer (Adyen: customer.id)"),
    idempotencyKey: z.string().optional(),
    state: ConnectorState.optional(),
  })
  .describe("Removes a saved payment method so it can no longer be charged");
export type RevokeMandateRequest = z.infer<typeof RevokeMandateRequest>;

export const ReverseRequest = z
  .strictObject({
    connectorTransactionId: z.string().min(1),
    amount: PositiveMoney.optional().describe("The payment's amount, for processors that need it"),
    merchantReverseId: z.string().optional().describe("The merchant's reference for this reversal (Adyen reference)"),
    merchantTransactionId: z.string().optional(),
    reason: z.string().optional(),
    idempotencyKey: z.string().optional(),
    state: ConnectorState.optional(),
  })
  .describe(
    "Cancels a payment in full whether or not it was captured, where the processor has one call for it (Adyen /reversals, " +
      "Braintree void of a settling transaction, Cybersource reversal): voided, or void_initiated when the processor confirms later",
  );
export type ReverseRequest = z.infer<typeof ReverseRequest>;

export const AcceptDisputeRequest = z
  .strictObject({
    connectorDisputeId: z.string().min(1),
    connectorTransactionId: z.string().optional(),
    idempotencyKey: z.string().optional(),
    state: ConnectorState.optional(),
  })
  .describe("Concedes a dispute: the disputed amount stays with the shopper");
export type AcceptDisputeRequest = z.infer<typeof AcceptDisputeRequest>;

export const EvidenceType = z
  .enum([
    "receipt",
    "shippingDocumentation",
    "shippingTrackingNumber",
    "customerCommunication",
    "customerSignature",
    "refundPolicy",
    "cancellationPolicy",
    "serviceDocumentation",
    "duplicateChargeDocumentation",
    "productDescription",
    "accessActivityLog",
    "uncategorized",
  ])
  .describe("What a piece of evidence shows; a connector refuses (1005, naming the item) a type or form the processor has no place for");

export const EvidenceFile = z
  .strictObject({
    filename: z.string().min(1).optional(),
    contentType: z.string().min(1).optional().describe("application/pdf, image/png, image/jpeg"),
    data: z.string().optional().describe("The file's bytes, base64 (with filename and contentType)"),
    connectorFileId: z
      .string()
      .min(1)
      .optional()
      .describe("Instead of data: a file already uploaded with uploadDisputeFile (PaymentsClient.submitDisputeEvidence does that step itself)"),
  })
  .describe("A file: its bytes (base64) with filename and contentType, or the processor's id of a file uploaded before");

export const DisputeEvidence = z.strictObject({
  type: EvidenceType,
  text: z.string().min(1).optional(),
  file: EvidenceFile.optional(),
});

export const SubmitDisputeEvidenceRequest = z
  .strictObject({
    connectorDisputeId: z.string().min(1),
    connectorTransactionId: z.string().optional(),
    evidence: z.array(DisputeEvidence).min(1),
    submit: z
      .boolean()
      .optional()
      .describe("Default true: send the evidence to the issuer now; false: keep it as a draft where the processor separates the two (then defendDispute)"),
    idempotencyKey: z.string().optional(),
    state: ConnectorState.optional(),
  })
  .describe("The merchant's evidence against a dispute, text and files");
export type SubmitDisputeEvidenceRequest = z.infer<typeof SubmitDisputeEvidenceRequest>;

export const UploadDisputeFileRequest = z
  .strictObject({
    connectorDisputeId: z.string().optional(),
    file: z.strictObject({ filename: z.string().min(1), contentType: z.string().min(1), data: z.string().describe("base64") }),
    idempotencyKey: z.string().optional(),
    state: ConnectorState.optional(),
  })
  .describe(
    "Uploads one evidence file to the processor's file store (Stripe files, purpose dispute_evidence), for processors whose evidence " +
      "names files by id: a multipart/form-data body. PaymentsClient.submitDisputeEvidence runs it for each file given by data",
  );
export type UploadDisputeFileRequest = z.infer<typeof UploadDisputeFileRequest>;

export const DefendDisputeRequest = z
  .strictObject({
    connectorDisputeId: z.string().min(1),
    connectorTransactionId: z.string().optional(),
    defenseReasonCode: z.string().optional().describe("The processor's defense reason (Adyen defenseReasonCode, required there)"),
    idempotencyKey: z.string().optional(),
    state: ConnectorState.optional(),
  })
  .describe("Challenges the dispute with the evidence supplied, where the processor makes that its own step (Adyen; Stripe: submits a draft)");
export type DefendDisputeRequest = z.infer<typeof DefendDisputeRequest>;

export const DsyncRequest = z
  .strictObject({
    connectorDisputeId: z.string().min(1),
    connectorTransactionId: z.string().optional(),
    idempotencyKey: z.string().optional(),
    state: ConnectorState.optional(),
  })
  .describe("Reads a dispute's status");
export type DsyncRequest = z.infer<typeof DsyncRequest>;

export const SessionResult = z
  .object({
    status: z.enum(["success", "failure"]),
    sessionId: z.string().optional(),
    clientSecret: z.string().optional().describe("A credential: the front end's key to this session (Stripe client_secret). Masked by redact()"),
    sessionData: z
      .string()
      .optional()
      .describe("Adyen sessionData; with applePayMerchantValidation, the Apple Pay merchant session (Adyen: base64 of Apple's JSON) for completeMerchantValidation"),
    clientToken: z
      .string()
      .optional()
      .describe("A credential (Braintree client token; Shift4: the signed checkout request for Shift4Checkout.open). Masked by redact()"),
    connectorTransactionId: z.string().optional().describe("The payment the session becomes: psync it after the front end finishes"),
    connectorStatus: z.string().optional(),
    redirection: Redirection.optional().describe("Where to send the shopper (PayPal's approve link)"),
    expiresAt: z.string().optional().describe("ISO 8601 UTC"),
    state: ConnectorState.optional(),
    error: ErrorInfo.optional(),
    httpStatus: z.number().int().describe("The processor's HTTP status; 0 when there was no HTTP exchange (a local flow, or no answer)"),
  })
  .describe("The result of createSession: what the front end needs");
export type SessionResult = z.infer<typeof SessionResult>;

export const MandateResult = z
  .object({
    status: z.enum(["revoked", "failure"]),
    mandateReference: z.string().optional(),
    connectorStatus: z.string().optional(),
    error: ErrorInfo.optional(),
    httpStatus: z.number().int(),
  })
  .describe("The result of revokeMandate");
export type MandateResult = z.infer<typeof MandateResult>;

export const DisputeStatus = z
  .enum(["opened", "needs_response", "challenged", "under_review", "won", "lost", "accepted", "expired", "failure"])
  .describe("failure: the call failed (see error), the dispute's status unknown");
export type DisputeStatus = z.infer<typeof DisputeStatus>;

export const DisputeResult = z
  .object({
    status: DisputeStatus,
    connectorDisputeId: z.string().optional(),
    connectorTransactionId: z.string().optional(),
    amount: Money.optional(),
    reasonCode: z.string().optional(),
    reasonMessage: z.string().optional(),
    dueBy: z.string().optional().describe("ISO 8601 UTC: the last moment to respond"),
    connectorStatus: z.string().optional(),
    error: ErrorInfo.optional(),
    httpStatus: z.number().int(),
  })
  .describe("The result of acceptDispute, submitDisputeEvidence, defendDispute and dsync");
export type DisputeResult = z.infer<typeof DisputeResult>;

export const FileResult = z
  .object({
    status: z.enum(["success", "failure"]),
    connectorFileId: z.string().optional(),
    error: ErrorInfo.optional(),
    httpStatus: z.number().int(),
  })
  .describe("The result of uploadDisputeFile: the file's id, for the evidence");
export type FileResult = z.infer<typeof FileResult>;

/**
 * Every flow of this protocol version, with the schema of its request and of its
 * transformResponse result: the one list of flows on the TypeScript side. FlowName, FLOW_REQUESTS,
 * FLOW_RESULTS and the transformRequest/transformResponse params derive from it (in this order,
 * which is the order of the generated JSON Schemas).
 */
export const FLOWS = {
  authorize: { request: AuthorizeRequest, result: PaymentResult },
  psync: { request: PsyncRequest, result: PaymentResult },
  capture: { request: CaptureRequest, result: PaymentResult },
  void: { request: VoidRequest, result: PaymentResult },
  refund: { request: RefundRequest, result: RefundResult },
  rsync: { request: RsyncRequest, result: RefundResult },
  setupMandate: { request: SetupMandateRequest, result: PaymentResult },
  repeatPayment: { request: RepeatPaymentRequest, result: PaymentResult },
  createCustomer: { request: CreateCustomerRequest, result: CustomerResult },
  createAccessToken: { request: CreateAccessTokenRequest, result: AccessTokenResult },
  completeAuthorize: { request: CompleteAuthorizeRequest, result: PaymentResult },
  verifyWebhook: { request: VerifyWebhookRequest, result: WebhookVerificationResult },
  createSession: { request: CreateSessionRequest, result: SessionResult },
  incrementalAuthorization: { request: IncrementalAuthorizationRequest, result: PaymentResult },
  revokeMandate: { request: RevokeMandateRequest, result: MandateResult },
  reverse: { request: ReverseRequest, result: PaymentResult },
  acceptDispute: { request: AcceptDisputeRequest, result: DisputeResult },
  uploadDisputeFile: { request: UploadDisputeFileRequest, result: FileResult },
  submitDisputeEvidence: { request: SubmitDisputeEvidenceRequest, result: DisputeResult },
  defendDispute: { request: DefendDisputeRequest, result: DisputeResult },
  dsync: { request: DsyncRequest, result: DisputeResult },
} as const satisfies Record<string, { request: z.ZodType; result: z.ZodType }>;

export type FlowName = keyof typeof FLOWS;
const FLOW_NAMES = Object.keys(FLOWS) as [FlowName, ...FlowName[]];
export const FlowName = z.enum(FLOW_NAMES);

/** The request schema of each flow. */
export const FLOW_REQUESTS = Object.fromEntries(FLOW_NAMES.map((f) => [f, FLOWS[f].request])) as {
  readonly [F in FlowName]: (typeof FLOWS)[F]["request"];
};
export type FlowRequestOf<F extends FlowName> = z.infer<(typeof FLOWS)[F]["request"]>;

/** The result schema of each flow's transformResponse. */
export const FLOW_RESULTS = Object.fromEntries(FLOW_NAMES.map((f) => [f, FLOWS[f].result])) as {
  readonly [F in FlowName]: (typeof FLOWS)[F]["result"];
};
export type FlowResultOf<F extends FlowName> = z.infer<(typeof FLOWS)[F]["result"]>;

// ---------- Webhooks ----------

export const ParseWebhookParams = z
  .strictObject({
    connector: z.string().min(1),
    headers: ReceivedHeaders.optional(),
    body: z.string().describe("The raw body exactly as received: a re-serialized body no longer matches its signature"),
    encoding: z.enum(["utf8", "base64"]).optional().describe("Default utf8"),
    secret: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Stripe whsec_..., Adyen HMAC key (hex), PhonePe salt key, Braintree API private key, Cybersource digital signature key (base64). A secret. Required where ConnectorInfo.webhookVerification " +
          "is `signature`; not used where it is `remote`",
      ),
    remoteVerification: WebhookVerificationResult.optional().describe(
      "Where ConnectorInfo.webhookVerification is `remote` (PayPal): the verifyWebhook result for this very body. " +
        "Without it, or when it is not verified, parseWebhook answers verified: false and no events",
    ),
    url: z
      .string()
      .min(1)
      .optional()
      .describe("The URL the processor posted to, exactly as registered with it; Square signs it with the body"),
    options: Options.optional(),
  })
  .describe("A processor's request to the merchant's webhook endpoint");
export type ParseWebhookParams = z.infer<typeof ParseWebhookParams>;

export const WebhookEvent = z.object({
  kind: z.enum(["payment", "refund", "mandate", "dispute", "other"]),
  eventType: z.string().describe("The processor's own event name (payment_intent.succeeded, AUTHORISATION)"),
  connectorEventId: z.string().optional(),
  connectorTransactionId: z.string().optional(),
  merchantTransactionId: z.string().optional(),
  connectorRefundId: z.string().optional(),
  merchantRefundId: z.string().optional(),
  paymentStatus: PaymentStatus.optional().describe("For payment events"),
  refundStatus: RefundStatus.optional().describe("For refund events"),
  amount: Money.optional(),
  mandateReference: z.string().optional(),
  disputeStatus: DisputeStatus.optional().describe("For dispute events"),
  connectorDisputeId: z.string().optional(),
  reasonCode: z.string().optional().describe("A dispute's reason code (the card scheme's or the processor's)"),
  dueBy: z.string().optional().describe("ISO 8601 UTC: the last moment to respond to a dispute"),
  error: ErrorInfo.optional(),
  occurredAt: z.string().optional(),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export const WebhookResult = z
  .object({
    verified: z.boolean(),
    reason: z.string().optional().describe("Why verification failed; never quotes the secret or signature"),
    events: z.array(WebhookEvent).describe("Empty when not verified"),
    acknowledgement: z
      .object({ status: z.number().int(), contentType: z.string(), body: z.string() })
      .describe("What the webhook endpoint should answer the processor (Adyen wants [accepted])"),
  })
  .describe("The result of parseWebhook");
export type WebhookResult = z.infer<typeof WebhookResult>;

// ---------- Methods ----------

const transformRequestFor = <F extends FlowName>(flow: F) =>
  z.strictObject({
    connector: z.string().min(1),
    flow: z.literal(flow),
    auth: Auth,
    request: FLOW_REQUESTS[flow],
    options: Options.optional(),
  });
type TransformRequestSchema = { [F in FlowName]: ReturnType<typeof transformRequestFor<F>> }[FlowName];

/** transformRequest's params: one member per flow, told apart by `flow`. */
export const TransformRequestParams = z.discriminatedUnion(
  "flow",
  FLOW_NAMES.map((f) => transformRequestFor(f)) as [TransformRequestSchema, ...TransformRequestSchema[]],
);
/** transformRequest's params for flow `F` (typed: a connector this package knows, with its own `auth`). */
export type TransformRequestParamsOf<F extends FlowName> = ConnectorCall & {
  flow: F;
  request: FlowRequestOf<F>;
  options?: Options;
};
/** transformRequest's params: one member per flow and connector (the wire form is `z.infer<typeof TransformRequestParams>`). */
export type TransformRequestParams = { [F in FlowName]: TransformRequestParamsOf<F> }[FlowName];

const transformResponseFor = <F extends FlowName>(flow: F) =>
  z.strictObject({
    connector: z.string().min(1),
    flow: z.literal(flow),
    auth: Auth,
    request: FLOW_REQUESTS[flow],
    response: HttpResponse.optional().describe(
      "The processor's HTTP response. Absent, and only absent, for a flow the connector answers itself " +
        "(ConnectorInfo.localFlows: there is no HTTP call, and transformRequest refuses it)",
    ),
    options: Options.optional(),
  });
type TransformResponseSchema = { [F in FlowName]: ReturnType<typeof transformResponseFor<F>> }[FlowName];

/** transformResponse's params: one member per flow, told apart by `flow`. */
export const TransformResponseParams = z.discriminatedUnion(
  "flow",
  FLOW_NAMES.map((f) => transformResponseFor(f)) as [TransformResponseSchema, ...TransformResponseSchema[]],
);
/** transformResponse's params for flow `F` (typed like TransformRequestParamsOf). */
export type TransformResponseParamsOf<F extends FlowName> = TransformRequestParamsOf<F> & {
  /** Absent for a flow in the connector's `localFlows`, required for every other. */
  response?: HttpResponse;
};
/** transformResponse's params: one member per flow and connector (the wire form is `z.infer<typeof TransformResponseParams>`). */
export type TransformResponseParams = { [F in FlowName]: TransformResponseParamsOf<F> }[FlowName];

export const InitializeParams = z.strictObject({
  protocolVersion: z.string().describe("The client's protocol version; the sidecar answers with its own"),
  clientName: z.string().optional(),
});
export const InitializeResult = z.object({
  protocolVersion: z.string(),
  sidecarVersion: z.string(),
  connectors: z.array(z.string()),
  bodyJson: z.boolean().optional().describe("True when the sidecar reads transformResponse's response.bodyJson (the body spliced in unescaped)"),
});
export type InitializeResult = z.infer<typeof InitializeResult>;

export const ConnectorInfo = z.object({
  name: z.string(),
  displayName: z.string(),
  flows: z.array(z.string()),
  localFlows: z
    .array(z.string())
    .optional()
    .describe(
      "Flows of `flows` the sidecar answers itself, with no HTTP call, because the processor has none for them (Shift4's " +
        "createSession: the merchant signs the checkout request). Call transformResponse with no `response`; transformRequest refuses them",
    ),
  unsupportedFlows: z
    .array(z.object({ flow: z.string(), reason: z.string() }))
    .describe("Flows the processor cannot do, each with the reason"),
  webhooks: z.boolean().describe("Whether parseWebhook verifies and reads this processor's webhooks"),
  webhookVerification: z
    .enum(["signature", "remote"])
    .optional()
    .describe(
      "How a webhook is verified, when `webhooks` is true: `signature`: parseWebhook checks it with `secret`; " +
        "`remote`: only the processor can check it (PayPal): run the verifyWebhook flow, then parseWebhook with its " +
        "result as `remoteVerification`",
    ),
  paymentMethods: z
    .array(
      z.object({
        type: PaymentMethodType,
        methods: z.array(z.string()).optional().describe("The `method` values taken, for types that have them (bankRedirect ideal, ...)"),
        flows: z.array(z.string()).describe("The flows that take this payment method"),
      }),
    )
    .describe("One entry per payment method type the connector takes"),
  unsupportedPaymentMethods: z
    .array(
      z.object({
        type: PaymentMethodType,
        method: z
          .string()
          .optional()
          .describe("Given: only this method word of the type is not taken (the type itself is, with other words)"),
        reason: z.string(),
      }),
    )
    .describe(
      "Payment method types the processor does not take through this API, and method words of types it takes that it " +
        "does not, each with the reason",
    ),
  authFields: z.array(z.object({ name: z.string(), required: z.boolean(), description: z.string() })),
  sensitiveFields: z
    .array(z.string())
    .describe(
      "Names of fields and headers of this processor's requests, responses and webhooks whose values are secrets " +
        "(a CVC, a signature, a credential in the body): logs mask them, like the authFields' names",
    ),
  environments: z.object({ sandbox: z.string(), production: z.string() }),
});
export type ConnectorInfo = z.infer<typeof ConnectorInfo>;
export const ListConnectorsResult = z.array(ConnectorInfo);

export const PingResult = z.object({});
export const ShutdownResult = z.null();

/** Every method: its params and result schemas. Params `undefined` means the method takes none. */
export const METHODS = {
  initialize: { params: InitializeParams, result: InitializeResult },
  ping: { params: undefined, result: PingResult },
  listConnectors: { params: undefined, result: ListConnectorsResult },
  transformRequest: { params: TransformRequestParams, result: HttpRequest },
  transformResponse: {
    params: TransformResponseParams,
    result: z.union([
      PaymentResult,
      RefundResult,
      CustomerResult,
      AccessTokenResult,
      WebhookVerificationResult,
      SessionResult,
      MandateResult,
      DisputeResult,
      FileResult,
    ]),
  },
  parseWebhook: { params: ParseWebhookParams, result: WebhookResult },
  shutdown: { params: undefined, result: ShutdownResult },
} as const;
export type MethodName = keyof typeof METHODS;
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

// ---------- Errors ----------

export const ERROR_CODES = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  UnknownConnector: 1001,
  FlowNotSupported: 1002,
  PaymentMethodNotSupported: 1003,
  MissingRequiredField: 1004,
  InvalidFieldValue: 1005,
  ResponseDeserializationFailed: 1006,
} as const;
export type ErrorKind = keyof typeof ERROR_CODES | "MessageTooLarge";

export const RpcErrorData = z
  .object({
    kind: z.string(),
    field: z.string().optional(),
    path: z.string().optional(),
    connector: z.string().optional(),
    flow: z.string().optional(),
    httpStatus: z.number().int().optional(),
    excerpt: z.string().optional(),
  })
  .describe("`error.data` of every sidecar error: never holds a card number, CVC or credential");
export type RpcErrorData = z.infer<typeof RpcErrorData>;

/** The schemas written to `schemas/` as JSON Schema. */
export const EXPORTED_SCHEMAS = {
  InitializeParams,
  InitializeResult,
  ListConnectorsResult,
  TransformRequestParams,
  TransformResponseParams,
  HttpRequest,
  HttpResponse,
  PaymentResult,
  RefundResult,
  CustomerResult,
  ParseWebhookParams,
  WebhookResult,
  RpcErrorData,
  AuthorizeRequest,
  PsyncRequest,
  CaptureRequest,
  VoidRequest,
  RefundRequest,
  RsyncRequest,
  SetupMandateRequest,
  RepeatPaymentRequest,
  CreateCustomerRequest,
  CreateAccessTokenRequest,
  CompleteAuthorizeRequest,
  AccessTokenResult,
  VerifyWebhookRequest,
  WebhookVerificationResult,
  Money,
  CreateSessionRequest,
  IncrementalAuthorizationRequest,
  RevokeMandateRequest,
  ReverseRequest,
  AcceptDisputeRequest,
  UploadDisputeFileRequest,
  SubmitDisputeEvidenceRequest,
  DefendDisputeRequest,
  DsyncRequest,
  SessionResult,
  MandateResult,
  DisputeResult,
  FileResult,
} as const;
