import { ContainerModule } from "inversify";
import type { Router } from "express";
import type { UnitOfWork } from "../application/ports/unit-of-work.port";
import { DeliverInvoicesUseCase } from "../application/delivery/deliver-invoices.use-case";
import { ProvideShippingAddressUseCase } from "../application/delivery/provide-shipping-address.use-case";
import type { AppConfig } from "../config/config";
import { AwardDistributorFactory } from "../domain/award/award-distributor.factory";
import { PgUnitOfWork } from "../infrastructure/persistence/pg-unit-of-work";
import { generateRedeemCode } from "../infrastructure/delivery/random-token";

import { KafkaDeadLetterPublisher } from "../infrastructure/kafka/dead-letter.kafka-publisher";
import type { Logger } from "../infrastructure/logging/logger";
import { PgDeadLetterLog } from "../infrastructure/persistence/dead-letter.pg-log";
import { InvoiceConsumer } from "../infrastructure/kafka/invoice.consumer";
import { shippingAddressRoutes } from "../interfaces/http/shipping-address.routes";
import type { Lifecycle } from "../shared/lifecycle";
import { meteredJob } from "./metered-job";
import { Platform } from "./platform.module";
import { provide, token } from "./token";

/** Delivery: the consumer group, the distributors, dead letters, shipping addresses. */
export const Delivery = {
  distributors: token<AwardDistributorFactory>("delivery.distributors"),
  deadLetterPublisher: token<KafkaDeadLetterPublisher>("delivery.deadLetterPublisher"),
  unitOfWork: token<UnitOfWork>("delivery.unitOfWork"),
  deliverInvoices: token<DeliverInvoicesUseCase>("delivery.deliverInvoices"),
  consumer: token<InvoiceConsumer>("delivery.consumer"),
  consumerLagJob: token<Lifecycle>("delivery.consumerLagJob"),
  provideShippingAddress: token<ProvideShippingAddressUseCase>("delivery.provideShippingAddress"),
  shippingAddressRoutes: token<Router>("delivery.shippingAddressRoutes"),
};

export function deliveryModule(config: AppConfig, log: Logger): ContainerModule {
  return new ContainerModule((options) => {
    provide(options, Delivery.distributors, [], () =>
      AwardDistributorFactory.standard({
        coupon: { validityDays: config.awards.couponValidityDays },
        redeemCode: { generateCode: generateRedeemCode },
      }),
    );
    provide(options, Delivery.deadLetterPublisher, [Platform.kafka], (kafka) =>
      new KafkaDeadLetterPublisher(kafka, config.kafka.sendTimeoutMs, config.kafka.consumerGroup, config.kafka),
    );
    provide(options, Delivery.unitOfWork, [Platform.pgPool], (pool) => new PgUnitOfWork(pool, config.awards.redeemCodeWhenPoolEmpty));
    provide(
      options,
      Delivery.deliverInvoices,
      [Delivery.distributors, Delivery.unitOfWork, Platform.pgPool, Delivery.deadLetterPublisher],
      (distributors, uow, pool, deadLetters) => new DeliverInvoicesUseCase(distributors, uow, new PgDeadLetterLog(pool), deadLetters),
    );
    provide(options, Delivery.consumer, [Platform.kafka, Delivery.deliverInvoices, Platform.metrics], (kafka, deliver, metrics) =>
      new InvoiceConsumer(
        kafka,
        deliver,
        {
          groupId: config.kafka.consumerGroup,
          retryBackoffMs: config.deliveryRetryBackoffMs,
          partitionsConsumedConcurrently: config.consumerPartitionsConcurrently,
          batchSize: config.consumerBatchSize,
          busyShare: config.consumerBusyShare,
          outagePauseMs: { initial: config.deliveryPause.initialMs, max: config.deliveryPause.maxMs },
          topic: config.kafka.invoiceTopic,
        },
        log.child({ component: "invoice-consumer" }),
        metrics,
      ),
    );
    provide(options, Delivery.consumerLagJob, [Platform.kafka, Platform.metrics], (kafka, metrics) =>
      meteredJob(log, metrics, "consumer-lag-gauge", config.metricsRefreshMs, async () => {
        for (const [partition, lag] of await kafka.consumerLag(config.kafka.consumerGroup, config.kafka.invoiceTopic)) {
          metrics.consumerLag.set({ partition: String(partition) }, lag);
        }
      }),
    );
    provide(options, Delivery.provideShippingAddress, [Delivery.unitOfWork], (uow) => new ProvideShippingAddressUseCase(uow));
    provide(options, Delivery.shippingAddressRoutes, [Delivery.provideShippingAddress], (provideAddress) => shippingAddressRoutes(provideAddress));
  });
}
