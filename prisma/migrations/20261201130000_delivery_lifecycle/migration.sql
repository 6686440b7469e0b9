-- AlterTable
ALTER TABLE "user_strategy_export" ADD COLUMN     "mq_claimed_until" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "award_delivery" ALTER COLUMN "delivered_at" DROP NOT NULL,
ALTER COLUMN "delivered_at" DROP DEFAULT;

-- CreateTable
CREATE TABLE "invoice_dead_letter" (
    "id" BIGSERIAL NOT NULL,
    "source_topic" VARCHAR(249) NOT NULL,
    "source_partition" INTEGER NOT NULL,
    "source_offset" BIGINT NOT NULL,
    "order_id" BIGINT,
    "reason" VARCHAR(32) NOT NULL,
    "error" VARCHAR(1000) NOT NULL,
    "attempts" INTEGER NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoice_dead_letter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_dead_letter_replay" (
    "dlq_topic" VARCHAR(249) NOT NULL,
    "dlq_partition" INTEGER NOT NULL,
    "dlq_offset" BIGINT NOT NULL,
    "order_id" BIGINT,
    "replayed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoice_dead_letter_replay_pkey" PRIMARY KEY ("dlq_topic","dlq_partition","dlq_offset")
);

-- CreateIndex
CREATE UNIQUE INDEX "invoice_dead_letter_source_topic_source_partition_source_of_key" ON "invoice_dead_letter"("source_topic", "source_partition", "source_offset");

-- Hand-written: grant_state 3 is AWAITING_ADDRESS, a PHYSICAL prize whose shipment waits for an address.
ALTER TABLE "user_strategy_export" DROP CONSTRAINT "user_strategy_export_states_known";
ALTER TABLE "user_strategy_export" ADD CONSTRAINT "user_strategy_export_states_known"
  CHECK ("mq_state" IN (0, 1, 2) AND "grant_state" IN (0, 1, 2, 3));

-- Orders whose shipment waits for an address move to that state, and their delivery has no time yet.
UPDATE "user_strategy_export" o SET "grant_state" = 3
FROM "award_shipment" s WHERE s."order_id" = o."order_id" AND s."state" = 'PENDING_ADDRESS' AND o."grant_state" IN (0, 2);
UPDATE "award_delivery" d SET "delivered_at" = NULL
FROM "award_shipment" s WHERE s."order_id" = d."order_id" AND s."state" = 'PENDING_ADDRESS';


-- A grant updates grant_state and updated_at, which no index covers: with room left on each page
-- the update is a heap-only tuple, and none of the table's four indexes gets a new entry.
ALTER TABLE "user_strategy_export" SET (fillfactor = 85);
