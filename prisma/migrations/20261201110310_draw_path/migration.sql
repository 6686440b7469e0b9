-- The draw path writes a take, its counter and its order in one statement, so a take is never
-- left unused and the index that found unused takes goes. Counting an activity's takes is
-- served by the new unique index on (activity_id, stock_unit).
DROP INDEX "user_take_activity_u_id_activity_id_state_idx";

DROP INDEX "user_take_activity_activity_id_idx";

ALTER TABLE "user_take_activity" ADD COLUMN     "idempotency_key" VARCHAR(128),
ADD COLUMN     "request_hash" VARCHAR(64),
ADD COLUMN     "stock_unit" INTEGER;

-- Existing takes get the units from the top of their activity's stock down, the numbers the
-- live counter hands out first, so a counter rebuilt from the database continues below them.
UPDATE "user_take_activity" t SET "stock_unit" = numbered.unit
FROM (
  SELECT take.take_id, activity.stock_count - row_number() OVER (PARTITION BY take.activity_id ORDER BY take.take_id) AS unit
  FROM "user_take_activity" take JOIN "activity" activity ON activity.activity_id = take.activity_id
) numbered
WHERE numbered.take_id = t.take_id;

ALTER TABLE "user_take_activity" ALTER COLUMN "stock_unit" SET NOT NULL;

ALTER TABLE "user_take_activity" ADD CONSTRAINT "user_take_activity_stock_unit_check" CHECK ("stock_unit" >= 0);

CREATE UNIQUE INDEX "user_take_activity_activity_id_stock_unit_key" ON "user_take_activity"("activity_id", "stock_unit");

-- Hand-written: one user's Idempotency-Key names at most one draw (the schema language has no partial index).
CREATE UNIQUE INDEX "user_take_activity_u_id_idempotency_key_key" ON "user_take_activity"("u_id", "idempotency_key") WHERE "idempotency_key" IS NOT NULL;

CREATE TABLE "worker_id_lease" (
    "worker_id" INTEGER NOT NULL,
    "owner" VARCHAR(128) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_ms" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "worker_id_lease_pkey" PRIMARY KEY ("worker_id"),
    CONSTRAINT "worker_id_lease_worker_id_check" CHECK ("worker_id" >= 0 AND "worker_id" <= 1023)
);
