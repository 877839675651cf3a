// Cybersource Payer Authentication (3-D Secure) in the emulator, the REST "authentication with
// the authorization" integration: Setup `POST /risk/v1/authentication-setups` (the card; answers
// COMPLETED with `consumerAuthenticationInformation {accessToken, deviceDataCollectionUrl,
// referenceId}`), then Process a Payment with `processingInformation.actionList:
// ["CONSUMER_AUTHENTICATION"]` and the setup's `referenceId` and a `returnUrl` (frictionless:
// the authorization goes on; a challenge: 201 PENDING_AUTHENTICATION with `stepUpUrl`,
// `accessToken` and `authenticationTransactionId`, no payment made), then Process a Payment with
// `["VALIDATE_CONSUMER_AUTHENTICATION"]` and that `authenticationTransactionId` (validation and
// authorization: the authorization goes on, or 201 DECLINED CONSUMER_AUTHENTICATION_FAILED).
//
// Emulator conventions (Cybersource's sandbox outcomes depend on Cardinal's test cards):
// - FRICTIONLESS_CARD authenticates without a challenge; every other card is challenged (the
//   connector asks for one with challengeCode 04).
// - FAILING_CHALLENGE_CARD fails its challenge: the validation answers CONSUMER_AUTHENTICATION_FAILED.
// - The shopper's challenge itself happens on Cardinal's page, which the emulator does not serve:
//   a validation of a known authenticationTransactionId stands for a completed challenge. Each
//   referenceId and authenticationTransactionId is good for one use, with the same card number.
import { randomUUID } from "node:crypto";
import type { EmuResponse } from "../../core/types.js";
import { randomString, UPPER_HEX } from "../../core/ids.js";
import { isObject, type Json } from "../../core/json.js";

export const FRICTIONLESS_CARD = "4000000000001000";
export const FAILING_CHALLENGE_CARD = "4000000000001109";
const DEVICE_DATA_COLLECTION_URL = "https://centinelapistag.cardinalcommerce.com/V1/Cruise/Collect";
const STEP_UP_URL = "https://centinelapistag.cardinalcommerce.com/V2/Cruise/StepUp";

type Invalid = (reason: string, message: string, details?: Array<{ field: string; reason: string }>) => EmuResponse;

/** A JWT-shaped stand-in for Cardinal's access token (the front end posts it as `JWT`). */
function accessToken(claims: Record<string, string>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.${randomString(43, UPPER_HEX)}`;
}

export function createPayerAuthentication(deps: { invalid: Invalid; transactionId: () => string; now: () => string }) {
  const setups = new Map<string, string>(); // referenceId → card number
  const challenges = new Map<string, string>(); // authenticationTransactionId → card number
  const cardNumber = (body: Json): unknown => {
    const info = isObject(body.paymentInformation) ? body.paymentInformation : {};
    return isObject(info.card) ? info.card.number : undefined;
  };
  const bad = (field: string) => deps.invalid("INVALID_DATA", "Declined - One or more fields in the request contains invalid data", [{ field, reason: "INVALID_DATA" }]);

  return {
    /** `POST /risk/v1/authentication-setups`. */
    setup(body: Json): EmuResponse {
      const info = isObject(body.paymentInformation) ? body.paymentInformation : {};
      const card = isObject(info.card) ? info.card : {};
      const missing = ["number", "expirationMonth", "expirationYear"].filter((f) => typeof card[f] !== "string" || card[f] === "");
      if (missing.length) {
        return deps.invalid("MISSING_FIELD", "Declined - The request is missing one or more fields", missing.map((f) => ({ field: `paymentInformation.card.${f}`, reason: "MISSING_FIELD" })));
      }
      const referenceId = randomUUID();
      setups.set(referenceId, String(card.number));
      const code = isObject(body.clientReferenceInformation) ? body.clientReferenceInformation.code : undefined;
      return {
        status: 201,
        json: {
          clientReferenceInformation: { code: typeof code === "string" ? code : "" },
          consumerAuthenticationInformation: {
            accessToken: accessToken({ ReferenceId: referenceId }),
            deviceDataCollectionUrl: DEVICE_DATA_COLLECTION_URL,
            referenceId,
            token: randomString(40, UPPER_HEX),
          },
          id: deps.transactionId(),
          status: "COMPLETED",
          submitTimeUtc: deps.now(),
        },
      };
    },

    /**
     * The Payer Authentication part of Process a Payment: a response to answer (a challenge, a
     * failed validation, a refused request), or undefined when the authorization goes on.
     */
    payment(body: Json, actions: unknown[]): EmuResponse | undefined {
      const enroll = actions.includes("CONSUMER_AUTHENTICATION");
      const validate = actions.includes("VALIDATE_CONSUMER_AUTHENTICATION");
      if (!enroll && !validate) return undefined;
      const auth = isObject(body.consumerAuthenticationInformation) ? body.consumerAuthenticationInformation : {};
      const number = cardNumber(body);
      const code = isObject(body.clientReferenceInformation) ? body.clientReferenceInformation.code : undefined;
      const reference = { code: typeof code === "string" ? code : "" };
      if (enroll) {
        const referenceId = auth.referenceId;
        if (typeof referenceId !== "string" || setups.get(referenceId) !== number) return bad("consumerAuthenticationInformation.referenceId");
        if (typeof auth.returnUrl !== "string" || !/^https?:\/\//.test(auth.returnUrl)) return bad("consumerAuthenticationInformation.returnUrl");
        setups.delete(referenceId);
        if (number === FRICTIONLESS_CARD) return undefined;
        const authenticationTransactionId = randomString(20, UPPER_HEX);
        challenges.set(authenticationTransactionId, String(number));
        const id = deps.transactionId();
        return {
          status: 201,
          json: {
            _links: { self: { href: `/pts/v2/payments/${id}`, method: "GET" } },
            clientReferenceInformation: reference,
            consumerAuthenticationInformation: {
              accessToken: accessToken({ TransactionId: authenticationTransactionId, ReturnUrl: auth.returnUrl }),
              acsUrl: "https://0merchantacsstag.cardinalcommerce.com/MerchantACSWeb/creq.jsp",
              authenticationTransactionId,
              challengeRequired: "Y",
              specificationVersion: "2.2.0",
              stepUpUrl: STEP_UP_URL,
              veresEnrolled: "Y",
            },
            errorInformation: {
              reason: "CONSUMER_AUTHENTICATION_REQUIRED",
              message: "The cardholder is enrolled in Payer Authentication. Please authenticate the cardholder before continuing with the transaction.",
            },
            id,
            status: "PENDING_AUTHENTICATION",
            submitTimeUtc: deps.now(),
          },
        };
      }
      const transaction = auth.authenticationTransactionId;
      if (typeof transaction !== "string" || challenges.get(transaction) !== number) return bad("consumerAuthenticationInformation.authenticationTransactionId");
      challenges.delete(transaction);
      if (number !== FAILING_CHALLENGE_CARD) return undefined;
      return {
        status: 201,
        json: {
          clientReferenceInformation: reference,
          consumerAuthenticationInformation: { eci: "07", eciRaw: "07", paresStatus: "N" },
          errorInformation: { reason: "CONSUMER_AUTHENTICATION_FAILED", message: "Encountered a Payer Authentication problem. Payer could not be authenticated." },
          id: deps.transactionId(),
          status: "DECLINED",
          submitTimeUtc: deps.now(),
        },
      };
    },
  };
}
