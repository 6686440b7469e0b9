import type { Pool } from "pg";
import type { TransactionScope, UnitOfWork } from "../../application/ports/unit-of-work.port";
import { PgCouponIssuer } from "../delivery/coupon-issuer.pg-adapter";
import { PgRedeemCodePool } from "../delivery/redeem-code-pool.pg-adapter";
import { PgShipmentBook } from "../delivery/shipment-book.pg-adapter";
import { PgCompensationTaskRepository } from "./compensation-task.pg-repository";
import { PgDeadLetterLog } from "./dead-letter.pg-log";
import { PgDrawOrderRepository } from "./draw-order.pg-repository";
import { inTransaction } from "./pg-transaction";

/** A transaction on one pooled connection: every repository and port of the scope works on it. */
export class PgUnitOfWork implements UnitOfWork {
  constructor(private readonly pool: Pool) {}

  run<T>(work: (tx: TransactionScope) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) =>
      work({
        orders: new PgDrawOrderRepository(client),
        ports: { codes: new PgRedeemCodePool(client), coupons: new PgCouponIssuer(client), shipments: new PgShipmentBook(client) },
        compensation: new PgCompensationTaskRepository(client),
        deadLetters: new PgDeadLetterLog(client),
      }),
    );
  }
}
