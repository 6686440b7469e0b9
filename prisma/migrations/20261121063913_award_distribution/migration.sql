-- CreateTable
CREATE TABLE "award_redeem_code" (
    "id" BIGSERIAL NOT NULL,
    "strategy_id" BIGINT NOT NULL,
    "award_id" VARCHAR(64) NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "order_id" BIGINT,
    "u_id" VARCHAR(64),
    "assigned_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "award_redeem_code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "award_coupon" (
    "coupon_id" VARCHAR(40) NOT NULL,
    "order_id" BIGINT NOT NULL,
    "u_id" VARCHAR(64) NOT NULL,
    "award_id" VARCHAR(64) NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "value" VARCHAR(1024) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "award_coupon_pkey" PRIMARY KEY ("coupon_id")
);

-- CreateTable
CREATE TABLE "award_shipment" (
    "shipment_id" VARCHAR(40) NOT NULL,
    "order_id" BIGINT NOT NULL,
    "u_id" VARCHAR(64) NOT NULL,
    "award_id" VARCHAR(64) NOT NULL,
    "address" JSONB,
    "state" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "award_shipment_pkey" PRIMARY KEY ("shipment_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "award_redeem_code_order_id_key" ON "award_redeem_code"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "award_redeem_code_strategy_id_award_id_code_key" ON "award_redeem_code"("strategy_id", "award_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "award_coupon_order_id_key" ON "award_coupon"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "award_shipment_order_id_key" ON "award_shipment"("order_id");

-- AddForeignKey
ALTER TABLE "award_redeem_code" ADD CONSTRAINT "award_redeem_code_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "user_strategy_export"("order_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "award_coupon" ADD CONSTRAINT "award_coupon_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "user_strategy_export"("order_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "award_shipment" ADD CONSTRAINT "award_shipment_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "user_strategy_export"("order_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: what the Prisma schema language cannot express.
-- Free codes of an award, oldest first. Only free rows are indexed, so the index shrinks as codes are handed out.
CREATE INDEX "award_redeem_code_free_idx" ON "award_redeem_code"("strategy_id", "award_id", "id") WHERE "order_id" IS NULL;
-- A code is either free (no order, user or time) or handed out (all three).
ALTER TABLE "award_redeem_code" ADD CONSTRAINT "award_redeem_code_assignment_complete"
  CHECK (("order_id" IS NULL AND "u_id" IS NULL AND "assigned_at" IS NULL) OR ("order_id" IS NOT NULL AND "u_id" IS NOT NULL AND "assigned_at" IS NOT NULL));
ALTER TABLE "award_shipment" ADD CONSTRAINT "award_shipment_state_known"
  CHECK ("state" IN ('PENDING_ADDRESS', 'READY_TO_SHIP'));
-- A shipment ready to ship always has an address.
ALTER TABLE "award_shipment" ADD CONSTRAINT "award_shipment_ready_has_address"
  CHECK ("state" <> 'READY_TO_SHIP' OR "address" IS NOT NULL);
