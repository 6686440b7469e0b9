import { Router } from "express";
import type { ProvideShippingAddressUseCase } from "../../application/delivery/provide-shipping-address.use-case";
import { DrawRequest, OrderIdParam } from "./draw.request";
import { toHttpError } from "./domain-error.mapping";
import { requireJsonBody } from "./json-body.middleware";
import { validate } from "./validate";

/** The address a draw may carry (DrawRequest.shippingAddress), here required to have a field. */
export const ShippingAddressBody = DrawRequest.shape.shippingAddress
  .unwrap()
  .unwrap()
  .refine((address) => Object.keys(address).length >= 1, "must have at least one field");

/** User-facing (behind the gateway): the shipping address of a PHYSICAL prize won without one. */
export function shippingAddressRoutes(provideAddress: ProvideShippingAddressUseCase): Router {
  const router = Router();
  router.put("/api/v1/draws/:orderId/shipping-address", requireJsonBody, async (req, res) => {
    const orderId = BigInt(validate(OrderIdParam, req.params.orderId, "path.orderId"));
    const address = validate(ShippingAddressBody, req.body);
    const result = await provideAddress.execute(orderId, address);
    if (!result.ok) throw toHttpError(result.error);
    const { state, shipmentId } = result.value;
    res.json({ orderId: orderId.toString(), ...(shipmentId === undefined ? {} : { shipmentId }), state });
  });
  return router;
}
