import type { Pool } from "pg";
import type { GrantTransaction, GrantUnitOfWork } from "../../application/ports/grant-unit-of-work.port";
import type { EmptyPoolPolicy } from "../../domain/award/empty-pool-policy";
import { PgCompensationTaskRepository } from "../persistence/compensation-task.pg-repository";
import { PgDeadLetterLog } from "../persistence/dead-letter.pg-log";
import { PgDrawOrderRepository } from "../persistence/draw-order.pg-repository";
import { inTransaction } from "../persistence/pg-transaction";
import { PgCouponIssuer } from "./coupon-issuer.pg-adapter";
import { EmptyPoolPolicyCache, PgEmptyPoolPolicies } from "./empty-pool-policies.pg-adapter";
import { PgRedeemCodePool } from "./redeem-code-pool.pg-adapter";
import { PgShipmentBook } from "./shipment-book.pg-adapter";

/** A grant transaction on one pooled connection: every repository and port works on it. */
export class PgGrantUnitOfWork implements GrantUnitOfWork {
  private readonly poolPolicies: EmptyPoolPolicyCache;

  constructor(
    private readonly pool: Pool,
    /** REDEEM_CODE_WHEN_POOL_EMPTY: the policy of REDEEM_CODE awards that have none of their own. */
    defaultWhenPoolEmpty: EmptyPoolPolicy = "GENERATE",
  ) {
    this.poolPolicies = new EmptyPoolPolicyCache(defaultWhenPoolEmpty);
  }

  run<T>(work: (tx: GrantTransaction) => Promise<T>): Promise<T> {
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
