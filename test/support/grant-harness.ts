import type { Pool } from "pg";
import { DeliverInvoicesUseCase, type DeliveryOutcomeKind } from "../../src/application/delivery/deliver-invoices.use-case";
import type { DeadLetterPublisher } from "../../src/application/ports/dead-letter-publisher.port";
import { AwardDistributorFactory } from "../../src/domain/award/award-distributor.factory";
import type { GrantRequest } from "../../src/domain/award/award-distributor";
import type { EmptyPoolPolicy } from "../../src/domain/award/empty-pool-policy";
import { PgUnitOfWork } from "../../src/infrastructure/persistence/pg-unit-of-work";
import { generateRedeemCode } from "../../src/infrastructure/delivery/random-token";
import { PgDeadLetterLog } from "../../src/infrastructure/persistence/dead-letter.pg-log";

export interface BriefOutcome {
  kind: DeliveryOutcomeKind;
  deliveryRef?: string;
}

/** Grants of single orders as compensation makes them (no message, so nothing to dead-letter). */
const NO_MESSAGES: DeadLetterPublisher = {
  publish: async () => {
    throw new Error("grants without a message have no dead letter to send");
  },
};

export interface DeliveryOptions {
  couponValidityDays?: number;
  /** The deployment's default (REDEEM_CODE_WHEN_POOL_EMPTY), for awards deployed without a policy or not deployed at all. */
  whenPoolEmpty?: EmptyPoolPolicy;
  /** Where dead letters go; the real one is KafkaDeadLetterPublisher. */
  deadLetters?: DeadLetterPublisher;
}

/** The production delivery use case (distributors with their policies, PostgreSQL adapters) on `pool`. */
export function deliveryUseCase(pool: Pool, options: DeliveryOptions = {}): DeliverInvoicesUseCase {
  return new DeliverInvoicesUseCase(
    AwardDistributorFactory.standard({
      coupon: { validityDays: options.couponValidityDays ?? 30 },
      redeemCode: { generateCode: generateRedeemCode },
    }),
    new PgUnitOfWork(pool, options.whenPoolEmpty ?? "GENERATE"),
    new PgDeadLetterLog(pool),
    options.deadLetters ?? NO_MESSAGES,
  );
}

/** The production grant for one order at a time, as compensation grants it: its outcome kind and reference. */
export function granting(pool: Pool, options: DeliveryOptions = {}): (request: GrantRequest) => Promise<BriefOutcome> {
  const deliver = deliveryUseCase(pool, options);
  return async (request) => {
    const outcome = await deliver.grantOne(request);
    return outcome.deliveryRef === undefined ? { kind: outcome.kind } : { kind: outcome.kind, deliveryRef: outcome.deliveryRef };
  };
}
