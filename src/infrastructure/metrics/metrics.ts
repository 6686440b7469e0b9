import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The process's Prometheus metrics, in a registry of its own (not prom-client's global one) so
 * that several service instances in one test process never share counters.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly draws = new Counter({
    name: "lottery_draws_total",
    help: "Draws answered, by activity and result (WIN, LOSE, or the refusal code)",
    labelNames: ["activity_id", "result"] as const,
    registers: [this.registry],
  });

  readonly drawDuration = new Histogram({
    name: "lottery_draw_duration_seconds",
    help: "Time to answer POST /api/v1/draws",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly invoicesSent = new Counter({
    name: "lottery_invoices_sent_total",
    help: "Invoice sends to lottery_invoice, by outcome (sent, failed), from draws and the scanner",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: "lottery_deliveries_total",
    help: "Invoices handled by the consumer, by award type and outcome",
    labelNames: ["award_type", "outcome"] as const,
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: "lottery_dead_letters_total",
    help: "Messages sent to lottery_invoice.dlq, by reason (malformed, unknown_order, failed)",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });

  readonly deliveryPauses = new Counter({
    name: "lottery_delivery_pauses_total",
    help: "Times the invoice consumer paused because a dependency was away, by dependency",
    labelNames: ["dependency"] as const,
    registers: [this.registry],
  });

  readonly scannerResent = new Counter({
    name: "lottery_scanner_resent_total",
    help: "Stuck invoices the scanner re-sent, by outcome",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });

  readonly campaignGrantsOrdered = new Counter({
    name: "lottery_campaign_grants_ordered_total",
    help: "Grants of bulk campaigns this process ordered (written as orders)",
    registers: [this.registry],
  });

  readonly campaignProgress = new Gauge({
    name: "lottery_campaign_progress",
    help: "Progress of bulk grant campaigns that are not done (or done within a day), by campaign and counter (recipients, ordered, sent, granted, failed); refreshed by the worker",
    labelNames: ["campaign_id", "state", "counter"] as const,
    registers: [this.registry],
  });

  readonly jobRuns = new Counter({
    name: "lottery_job_runs_total",
    help: "Scheduled job runs, by job and outcome (ok, failed)",
    labelNames: ["job", "outcome"] as const,
    registers: [this.registry],
  });

  readonly ordersByMqState = new Gauge({
    name: "lottery_orders_by_mq_state",
    help: "Orders per mq_state (INIT, COMPLETE, FAIL), refreshed on an interval by the worker",
    labelNames: ["mq_state"] as const,
    registers: [this.registry],
  });

  readonly ordersByGrantState = new Gauge({
    name: "lottery_orders_by_grant_state",
    help: "Orders per grant_state (INIT, COMPLETE, FAIL), refreshed on an interval by the worker",
    labelNames: ["grant_state"] as const,
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: "lottery_consumer_lag",
    help: "Messages of lottery_invoice not yet committed by the consumer group, per partition",
    labelNames: ["partition"] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "lottery_" });
  }
}
