// The delivery bench's orders and invoices: the bench database (created if missing, migrated),
// won orders written straight into user_strategy_export, and their invoices produced to Kafka.
import { spawn } from "node:child_process";
import path from "node:path";
import { Client } from "pg";
import type { AwardType } from "../src/domain/award/award-type";
import type { InvoiceMessage } from "../src/domain/award/invoice.message";
import type { KafkaClient, OutgoingMessage } from "../src/infrastructure/kafka/kafka-client";
import { INVOICE_TOPIC } from "../src/infrastructure/kafka/kafka-topics";
import { pgPoolConfigFromUrl } from "../src/infrastructure/persistence/pg-pool-config";
import { checkDeadline, log } from "./delivery-run";

/** Who the bench's orders belong to: `users` users bench-0 .. bench-(users-1) of activity `activityId`. */
export interface BenchOrders {
  users: number;
  activityId: number;
}

/** Creates the bench database if it is missing, then applies the migrations (scripts/migrate.mjs of `root`). */
export async function prepareDatabase(databaseUrl: string, root: string): Promise<void> {
  const config = pgPoolConfigFromUrl(databaseUrl);
  const database = String(config.database ?? "");
  if (!/^[A-Za-z0-9_-]+$/.test(database)) throw new Error(`unsupported database name in DATABASE_URL: "${database}"`);
  const admin = new Client({ ...config, database: "postgres" });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE "${database}"`);
      log(`created database ${database}`);
    }
  } finally {
    await admin.end();
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "scripts/migrate.mjs")], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`migrations failed (exit ${code}): ${output.slice(-2000)}`))));
  });
}

/** Inserts `count` orders with ids base .. base+count-1 in chunks of `chunk` rows, each one multi-row INSERT ... SELECT. */
export async function insertOrders(
  db: Client,
  orders: BenchOrders & { chunk: number },
  base: bigint,
  count: number,
  awardType: AwardType,
  mqState: number,
): Promise<void> {
  for (let offset = 0; offset < count; offset += orders.chunk) {
    checkDeadline("the order insert");
    const size = Math.min(orders.chunk, count - offset);
    await db.query(
      `INSERT INTO user_strategy_export
         (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, grant_state, award_id, award_type,
          award_name, award_content, uuid, mq_state)
       SELECT $1::bigint + g, 'bench-' || (($1::bigint + g) % $4::int), $5::bigint, $5::bigint, 1, 1, 0, '1', $6::smallint,
              'bench prize', 'bench prize content', ($1::bigint + g)::text, $7::smallint
       FROM generate_series($2::bigint, $3::bigint) AS g`,
      [base.toString(), offset, offset + size - 1, orders.users, orders.activityId, awardType, mqState],
    );
  }
}

/** The invoice of bench order `orderId`, as the draw would send it. */
export function invoiceMessage(orders: BenchOrders, orderId: bigint, awardType: AwardType): OutgoingMessage {
  const id = orderId.toString();
  const invoice: InvoiceMessage = {
    orderId: id,
    uId: `bench-${orderId % BigInt(orders.users)}`,
    activityId: orders.activityId,
    awardId: "1",
    awardType,
    awardName: "bench prize",
    awardContent: "bench prize content",
    shippingAddress: null,
    extInfo: null,
  };
  return { key: invoice.uId, value: JSON.stringify(invoice), headers: { "message-id": id } };
}

/** Produces the invoices of orders base .. base+count-1 in batches of `batch`, `inFlight` sends at a time. */
export async function produceInvoices(
  kafka: KafkaClient,
  orders: BenchOrders & { batch: number; inFlight: number; sendTimeoutMs: number },
  base: bigint,
  count: number,
  awardType: AwardType,
): Promise<void> {
  let next = 0;
  let sent = 0;
  let lastPrint = Date.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      checkDeadline("the produce");
      const from = next;
      const size = Math.min(orders.batch, count - from);
      next += size;
      const messages: OutgoingMessage[] = new Array(size);
      for (let i = 0; i < size; i++) messages[i] = invoiceMessage(orders, base + BigInt(from + i), awardType);
      await kafka.send(INVOICE_TOPIC, messages, orders.sendTimeoutMs);
      sent += size;
      if (Date.now() - lastPrint >= 1000) {
        lastPrint = Date.now();
        log(`produced ${sent}/${count}`);
      }
    }
  };
  await Promise.all(Array.from({ length: orders.inFlight }, worker));
}
