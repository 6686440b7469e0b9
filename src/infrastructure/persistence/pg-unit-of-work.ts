import type { Pool } from "pg";
import type { TransactionScope, UnitOfWork } from "../../application/ports/unit-of-work.port";
import type { EmptyPoolPolicy } from "../../domain/award/empty-pool-policy";
import { PgCouponIssuer } from "../delivery/coupon-issuer.pg-adapter";
import { EmptyPoolPolicyCache, PgEmptyPoolPolicies } from "../delivery/empty-pool-policies.pg-adapter";
import { PgRedeemCodePool } from "../delivery/redeem-code-pool.pg-adapter";
import { PgShipmentBook } from "../delivery/shipment-book.pg-adapter";
import { PgCompensationTaskRepository } from "./compensation-task.pg-repository";
import { PgDeadLetterLog } from "./dead-letter.pg-log";
import { PgDrawOrderRepository } from "./draw-order.pg-repository";
import { inTransaction } from "./pg-transaction";

/** A transaction on one pooled connection: every repository and port of the scope works on it. */
export class PgUnitOfWork implements UnitOfWork {
  private readonly poolPolicies: EmptyPoolPolicyCache;

  constructor(
    private readonly pool: Pool,
    /** REDEEM_CODE_WHEN_POOL_EMPTY: the policy of REDEEM_CODE awards that have none of their own. */
    defaultWhenPoolEmpty: EmptyPoolPolicy = "GENERATE",
  ) {
    this.poolPolicies = new EmptyPoolPolicyCache(defaultWhenPoolEmpty);
  }

  run<T>(work: (tx: TransactionScope) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) =>
      work({
        orders: new PgDrawOrderRepository(client),
        ports: {
          codes: new PgRedeemCodePool(client),
          poolPolicies: new PgEmptyPoolPolicies(client, this.poolPolicies),
          coupons: new PgCouponIssuer(client),
          shipments: new PgShipmentBook(client),
        },
        compensation: new PgCompensationTaskRepository(client),
        deadLetters: new PgDeadLetterLog(client),
      }),
    );
  }
}
