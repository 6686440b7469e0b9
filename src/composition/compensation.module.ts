import { ContainerModule } from "inversify";
import { AdvanceActivityStatesUseCase } from "../application/compensation/advance-activity-states.use-case";
import { CompensateTasksUseCase } from "../application/compensation/compensate-tasks.use-case";
import { RegrantOrderHandler } from "../application/compensation/regrant-order.handler";
import { ResendStuckInvoicesUseCase } from "../application/compensation/resend-stuck-invoices.use-case";
import { systemClock } from "../application/ports/clock.port";
import type { AppConfig } from "../config/config";
import { CAMPAIGN_CHUNK } from "../domain/compensation/compensation-task.repository";
import type { Logger } from "../infrastructure/logging/logger";
import { PgCompensationTaskRepository } from "../infrastructure/persistence/compensation-task.pg-repository";
import { PgOutboxRepository } from "../infrastructure/persistence/outbox.pg-repository";
import type { Lifecycle } from "../shared/lifecycle";
import { Activity } from "./activity.module";
import { Delivery } from "./delivery.module";
import { meteredJob } from "./metered-job";
import { Platform } from "./platform.module";
import { provide, token } from "./token";

/** The safety nets of the worker role: the invoice scanner, compensation tasks, the activity state job. */
export const Compensation = {
  outbox: token<PgOutboxRepository>("compensation.outbox"),
  resendStuck: token<ResendStuckInvoicesUseCase>("compensation.resendStuck"),
  tasks: token<PgCompensationTaskRepository>("compensation.tasks"),
  compensateTasks: token<CompensateTasksUseCase>("compensation.compensateTasks"),
  advanceActivityStates: token<AdvanceActivityStatesUseCase>("compensation.advanceActivityStates"),
  scannerJob: token<Lifecycle>("compensation.scannerJob"),
  tasksJob: token<Lifecycle>("compensation.tasksJob"),
  activityStateJob: token<Lifecycle>("compensation.activityStateJob"),
};

export function compensationModule(config: AppConfig, log: Logger): ContainerModule {
  return new ContainerModule((options) => {
    provide(options, Compensation.outbox, [Platform.pgPool], (pool) => new PgOutboxRepository(pool));
    provide(options, Compensation.resendStuck, [Compensation.outbox, Platform.drawOrders, Platform.invoicePublisher], (outbox, orders, publisher) =>
      new ResendStuckInvoicesUseCase(
        outbox,
        orders,
        publisher,
        { batchSize: config.scanner.batchSize, staleAfterMs: config.scanner.staleAfterMs, maxBatches: config.scanner.maxBatches, leaseMs: config.scanner.leaseMs },
        log.child({ component: "invoice-scanner" }),
      ),
    );
    // Campaign chunks have a runner of their own, with a shorter lease (RunCampaignChunksUseCase).
    provide(options, Compensation.tasks, [Platform.pgPool], (pool) => new PgCompensationTaskRepository(pool, [CAMPAIGN_CHUNK]));
    provide(options, Compensation.compensateTasks, [Compensation.tasks, Platform.drawOrders, Delivery.deliverInvoices], (tasks, orders, deliver) =>
      new CompensateTasksUseCase(
        tasks,
        [new RegrantOrderHandler(orders, deliver)],
        {
          batchSize: 100,
          maxAttempts: config.compensation.maxAttempts,
          retryDelayMs: config.compensation.retryDelayMs,
          // A task PROCESSING this long belongs to a worker that died mid-task.
          staleAfterMs: 5 * 60_000,
        },
        log.child({ component: "compensation-job" }),
      ),
    );
    provide(options, Compensation.advanceActivityStates, [Activity.reads], (activities) =>
      new AdvanceActivityStatesUseCase(activities, systemClock, log.child({ component: "activity-state-job" })),
    );
    provide(options, Compensation.scannerJob, [Compensation.resendStuck, Platform.metrics], (scanner, metrics) =>
      meteredJob(log, metrics, "invoice-scanner", config.scanner.intervalMs, async () => {
        const { resent, failed } = await scanner.execute();
        metrics.scannerResent.inc({ outcome: "sent" }, resent);
        metrics.scannerResent.inc({ outcome: "failed" }, failed);
      }),
    );
    provide(options, Compensation.tasksJob, [Compensation.compensateTasks, Platform.metrics], (compensation, metrics) =>
      meteredJob(log, metrics, "compensation-tasks", config.compensation.intervalMs, () => compensation.execute()),
    );
    provide(options, Compensation.activityStateJob, [Compensation.advanceActivityStates, Platform.metrics], (activityStates, metrics) =>
      meteredJob(log, metrics, "activity-state-job", config.activityStateJobIntervalMs, () => activityStates.execute()),
    );
  });
}
