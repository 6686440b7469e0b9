import type { InvoiceEnvelope } from "../../src/application/delivery/deliver-invoices.use-case";
import type { GrantRequest } from "../../src/domain/award/award-distributor";
import type { AwardType } from "../../src/domain/award/award-type";
import type { DrawOrder, ShippingAddress } from "../../src/domain/award/draw-order.entity";
import { invoiceOf, type InvoiceMessage } from "../../src/domain/award/invoice.message";

let offset = 0;

/** What an invoice may disagree with its order on, in tests of the consumer's checks. */
export type InvoiceOverrides = Partial<{ awardType: AwardType; shippingAddress: ShippingAddress | null }>;

/**
 * Invoices as the draw publishes them and the consumer reads them: the message of an order, the
 * grant request it parses to, and the envelope of one read of it (each at a new offset, as a
 * redelivery of the same order would be).
 */
export const InvoiceMother = {
  /** The lottery_invoice value of `order`, exactly as the draw and the scanner send it. */
  of(order: DrawOrder): InvoiceMessage {
    return invoiceOf(order);
  },

  /** What the consumer parses an invoice to; `overrides` plays an invoice that disagrees with its order. */
  requestOf(order: DrawOrder, overrides: InvoiceOverrides = {}): GrantRequest {
    const message = invoiceOf(order);
    return {
      orderId: order.orderId,
      uId: message.uId,
      activityId: message.activityId,
      awardId: message.awardId,
      awardType: overrides.awardType ?? message.awardType,
      awardName: message.awardName,
      awardContent: message.awardContent,
      shippingAddress: overrides.shippingAddress === undefined ? message.shippingAddress : overrides.shippingAddress,
    };
  },

  /** One read of the order's invoice from partition 0, at the next offset. */
  envelope(order: DrawOrder, overrides: InvoiceOverrides = {}): InvoiceEnvelope {
    const request = InvoiceMother.requestOf(order, overrides);
    return {
      source: { topic: "lottery_invoice", partition: 0, offset: String(offset++) },
      raw: { key: order.uId, value: JSON.stringify({ ...invoiceOf(order), ...overrides }), headers: { "message-id": String(order.orderId) } },
      parsed: { ok: true, request },
    };
  },

  /** A message whose value is not an invoice at all. */
  malformed(): InvoiceEnvelope {
    return { source: { topic: "lottery_invoice", partition: 0, offset: String(offset++) }, raw: { key: "k", value: "{not json", headers: {} }, parsed: { ok: false, reason: "value is not JSON" } };
  },
};
