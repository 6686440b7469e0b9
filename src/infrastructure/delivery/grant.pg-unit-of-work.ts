import type { Pool } from "pg";
import type { GrantTransaction, GrantUnitOfWork } from "../../application/ports/grant-unit-of-work.port";
import { PgCompensationTaskRepository } from "../persistence/compensation-task.pg-repository";
import { PgDeadLetterLog } from "../persistence/dead-letter.pg-log";
import { PgDrawOrderRepository } from "../persistence/draw-order.pg-repository";
import { inTransaction } from "../persistence/pg-transaction";
import { PgCouponIssuer } from "./coupon-issuer.pg-adapter";
import { PgRedeemCodePool } from "./redeem-code-pool.pg-adapter";
import { PgShipmentBook } from "./shipment-book.pg-adapter";

/** A grant transaction on one pooled connection: every repository and port works on it. */
export class PgGrantUnitOfWork implements GrantUnitOfWork {
  constructor(private readonly pool: Pool) {}

  run<T>(work: (tx: GrantTransaction) => Promise<T>): Promise<T> {
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
