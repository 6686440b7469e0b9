-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "activity" (
    "activity_id" BIGINT NOT NULL,
    "activity_name" VARCHAR(128) NOT NULL,
    "activity_desc" VARCHAR(1024) NOT NULL DEFAULT '',
    "begin_at" TIMESTAMPTZ(3) NOT NULL,
    "end_at" TIMESTAMPTZ(3) NOT NULL,
    "stock_count" INTEGER NOT NULL,
    "stock_surplus_count" INTEGER NOT NULL,
    "take_count" INTEGER NOT NULL,
    "strategy_id" BIGINT NOT NULL,
    "state" SMALLINT NOT NULL DEFAULT 1,
    "creator" VARCHAR(64) NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_pkey" PRIMARY KEY ("activity_id")
);

-- CreateTable
CREATE TABLE "strategy" (
    "strategy_id" BIGINT NOT NULL,
    "strategy_desc" VARCHAR(256) NOT NULL DEFAULT '',
    "strategy_mode" SMALLINT NOT NULL,
    "grant_type" SMALLINT NOT NULL DEFAULT 1,
    "grant_date" TIMESTAMPTZ(3),
    "ext_info" VARCHAR(1024),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "strategy_pkey" PRIMARY KEY ("strategy_id")
);

-- CreateTable
CREATE TABLE "award" (
    "id" BIGSERIAL NOT NULL,
    "strategy_id" BIGINT NOT NULL,
    "award_id" VARCHAR(64) NOT NULL,
    "award_type" SMALLINT NOT NULL,
    "award_name" VARCHAR(128) NOT NULL,
    "award_content" VARCHAR(1024) NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "award_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "strategy_detail" (
    "id" BIGSERIAL NOT NULL,
    "strategy_id" BIGINT NOT NULL,
    "award_id" VARCHAR(64) NOT NULL,
    "award_count" INTEGER NOT NULL,
    "award_surplus_count" INTEGER NOT NULL,
    "award_rate" DECIMAL(12,10) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "strategy_detail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_take_activity" (
    "take_id" BIGINT NOT NULL,
    "u_id" VARCHAR(64) NOT NULL,
    "activity_id" BIGINT NOT NULL,
    "activity_name" VARCHAR(128) NOT NULL,
    "take_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "take_count" INTEGER NOT NULL,
    "strategy_id" BIGINT NOT NULL,
    "state" SMALLINT NOT NULL DEFAULT 0,
    "uuid" VARCHAR(160) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_take_activity_pkey" PRIMARY KEY ("take_id")
);

-- CreateTable
CREATE TABLE "user_take_activity_count" (
    "id" BIGSERIAL NOT NULL,
    "u_id" VARCHAR(64) NOT NULL,
    "activity_id" BIGINT NOT NULL,
    "total_count" INTEGER NOT NULL,
    "left_count" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_take_activity_count_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_strategy_export" (
    "order_id" BIGINT NOT NULL,
    "u_id" VARCHAR(64) NOT NULL,
    "activity_id" BIGINT NOT NULL,
    "strategy_id" BIGINT NOT NULL,
    "strategy_mode" SMALLINT NOT NULL,
    "grant_type" SMALLINT NOT NULL,
    "grant_date" TIMESTAMPTZ(3),
    "grant_state" SMALLINT NOT NULL DEFAULT 0,
    "award_id" VARCHAR(64) NOT NULL,
    "award_type" SMALLINT NOT NULL,
    "award_name" VARCHAR(128) NOT NULL,
    "award_content" VARCHAR(1024) NOT NULL DEFAULT '',
    "shipping_address" JSONB,
    "uuid" VARCHAR(64) NOT NULL,
    "mq_state" SMALLINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_strategy_export_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "award_delivery" (
    "id" BIGSERIAL NOT NULL,
    "order_id" BIGINT NOT NULL,
    "u_id" VARCHAR(64) NOT NULL,
    "award_id" VARCHAR(64) NOT NULL,
    "award_type" SMALLINT NOT NULL,
    "delivery_ref" VARCHAR(256) NOT NULL,
    "detail" JSONB,
    "delivered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "award_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compensate_task" (
    "id" BIGSERIAL NOT NULL,
    "biz_id" VARCHAR(128) NOT NULL,
    "biz_type" VARCHAR(64) NOT NULL,
    "context" JSONB NOT NULL DEFAULT '{}',
    "status" VARCHAR(16) NOT NULL DEFAULT 'WAIT_HANDLE',
    "cnt" INTEGER NOT NULL DEFAULT 0,
    "priority" SMALLINT NOT NULL DEFAULT 0,
    "last_failed_reason" TEXT,
    "next_run_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "compensate_task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mq_consumer_log" (
    "id" BIGSERIAL NOT NULL,
    "group_name" VARCHAR(128) NOT NULL,
    "message_id" VARCHAR(64) NOT NULL,
    "topic" VARCHAR(128) NOT NULL,
    "partition" INTEGER NOT NULL,
    "offset" BIGINT NOT NULL,
    "status" SMALLINT NOT NULL DEFAULT 0,
    "consume_times" INTEGER NOT NULL DEFAULT 1,
    "remark" VARCHAR(1024),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mq_consumer_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "activity_strategy_id_key" ON "activity"("strategy_id");

-- CreateIndex
CREATE INDEX "activity_state_begin_at_idx" ON "activity"("state", "begin_at");

-- CreateIndex
CREATE UNIQUE INDEX "award_strategy_id_award_id_key" ON "award"("strategy_id", "award_id");

-- CreateIndex
CREATE UNIQUE INDEX "strategy_detail_strategy_id_award_id_key" ON "strategy_detail"("strategy_id", "award_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_take_activity_uuid_key" ON "user_take_activity"("uuid");

-- CreateIndex
CREATE INDEX "user_take_activity_u_id_activity_id_state_idx" ON "user_take_activity"("u_id", "activity_id", "state");

-- CreateIndex
CREATE UNIQUE INDEX "user_take_activity_count_u_id_activity_id_key" ON "user_take_activity_count"("u_id", "activity_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_strategy_export_uuid_key" ON "user_strategy_export"("uuid");

-- CreateIndex
CREATE INDEX "user_strategy_export_mq_state_created_at_idx" ON "user_strategy_export"("mq_state", "created_at");

-- CreateIndex
CREATE INDEX "user_strategy_export_u_id_activity_id_idx" ON "user_strategy_export"("u_id", "activity_id");

-- CreateIndex
CREATE UNIQUE INDEX "award_delivery_order_id_key" ON "award_delivery"("order_id");

-- CreateIndex
CREATE INDEX "compensate_task_status_next_run_at_priority_idx" ON "compensate_task"("status", "next_run_at", "priority");

-- CreateIndex
CREATE UNIQUE INDEX "compensate_task_biz_type_biz_id_key" ON "compensate_task"("biz_type", "biz_id");

-- CreateIndex
CREATE UNIQUE INDEX "mq_consumer_log_group_name_message_id_key" ON "mq_consumer_log"("group_name", "message_id");

-- AddForeignKey
ALTER TABLE "activity" ADD CONSTRAINT "activity_strategy_id_fkey" FOREIGN KEY ("strategy_id") REFERENCES "strategy"("strategy_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "award" ADD CONSTRAINT "award_strategy_id_fkey" FOREIGN KEY ("strategy_id") REFERENCES "strategy"("strategy_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "strategy_detail" ADD CONSTRAINT "strategy_detail_strategy_id_fkey" FOREIGN KEY ("strategy_id") REFERENCES "strategy"("strategy_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "strategy_detail" ADD CONSTRAINT "strategy_detail_strategy_id_award_id_fkey" FOREIGN KEY ("strategy_id", "award_id") REFERENCES "award"("strategy_id", "award_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "award_delivery" ADD CONSTRAINT "award_delivery_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "user_strategy_export"("order_id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written guards: the Prisma schema language cannot express CHECK constraints, and
-- generated migrations leave them alone. They make overselling impossible even for a
-- buggy writer, as stock can never go below zero or above what was deployed.
-- (No semicolons or quotes in comments here: the JS schema engine splits on them.)
ALTER TABLE "activity" ADD CONSTRAINT "activity_stock_within_bounds"
  CHECK ("stock_surplus_count" >= 0 AND "stock_surplus_count" <= "stock_count" AND "take_count" >= 0 AND "begin_at" < "end_at");
ALTER TABLE "strategy_detail" ADD CONSTRAINT "strategy_detail_stock_within_bounds"
  CHECK ("award_surplus_count" >= 0 AND "award_surplus_count" <= "award_count" AND "award_rate" >= 0 AND "award_rate" <= 1);
ALTER TABLE "user_take_activity_count" ADD CONSTRAINT "user_take_activity_count_left_within_bounds"
  CHECK ("left_count" >= 0 AND "left_count" <= "total_count");
ALTER TABLE "user_strategy_export" ADD CONSTRAINT "user_strategy_export_states_known"
  CHECK ("mq_state" IN (0, 1, 2) AND "grant_state" IN (0, 1, 2));
ALTER TABLE "compensate_task" ADD CONSTRAINT "compensate_task_status_known"
  CHECK ("status" IN ('WAIT_HANDLE', 'PROCESSING', 'SUCCESS', 'FAILED'));
