import { HttpError } from "./http-error";

/** Domain error codes (dotted, internal) to the public REST codes of DOMAIN.md. */
const REST_CODE: Record<string, string> = {
  "ACTIVITY.INVALID": "ILLEGAL_PARAMETER",
  "STRATEGY.INVALID": "ILLEGAL_PARAMETER",
  "ACTIVITY.NOT_FOUND": "ACTIVITY_NOT_FOUND",
  "ACTIVITY.ALREADY_EXISTS": "ACTIVITY_ALREADY_EXISTS",
  "ACTIVITY.STATE_CONFLICT": "ACTIVITY_STATE_CONFLICT",
  "ACTIVITY.NOT_OPEN": "ACTIVITY_NOT_OPEN",
  "ACTIVITY.OUT_OF_STOCK": "ACTIVITY_OUT_OF_STOCK",
  "TAKE.LIMIT_REACHED": "TAKE_LIMIT_REACHED",
  "IDEMPOTENCY.KEY_IN_USE": "IDEMPOTENCY_KEY_IN_USE",
  "IDEMPOTENCY.KEY_REUSED": "IDEMPOTENCY_KEY_REUSED",
  "ORDER.NOT_FOUND": "ORDER_NOT_FOUND",
  "AWARD.NOT_PHYSICAL": "AWARD_NOT_PHYSICAL",
  "SHIPMENT.ADDRESS_CONFLICT": "SHIPPING_ADDRESS_CONFLICT",
};

export function toHttpError(error: { code: string; message: string }): HttpError {
  const code = REST_CODE[error.code];
  if (!code) throw new Error(`no REST code for domain error ${error.code}: ${error.message}`);
  return new HttpError(code, error.message);
}
