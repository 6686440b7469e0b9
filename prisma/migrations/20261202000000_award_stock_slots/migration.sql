-- An award's live stock is spread over up to 16 slots, rows of their own: a win decrements one
-- slot, chosen from the draw's stock unit, so concurrent wins of one award lock different rows
-- instead of queueing on one (measured with pgbench on 2 cores: a draw-shaped statement with 40 %
-- wins over three awards ran 2,500-3,400/s with one row per award, 4,900-5,000/s with slots).
-- The award's surplus is the sum of its slots, and strategy_detail.award_surplus_count becomes the
-- stored copy, brought in line by the stock reconciler, like activity.stock_surplus_count.
CREATE TABLE "strategy_award_stock" (
    "strategy_id" BIGINT NOT NULL,
    "award_id" VARCHAR(64) NOT NULL,
    "slot" SMALLINT NOT NULL,
    "surplus" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "strategy_award_stock_pkey" PRIMARY KEY ("strategy_id", "award_id", "slot"),
    CONSTRAINT "strategy_award_stock_surplus_check" CHECK ("surplus" >= 0),
    CONSTRAINT "strategy_award_stock_slot_check" CHECK ("slot" >= 0 AND "slot" < 16)
) WITH (fillfactor = 50);

ALTER TABLE "strategy_award_stock" ADD CONSTRAINT "strategy_award_stock_line_fkey"
  FOREIGN KEY ("strategy_id", "award_id") REFERENCES "strategy_detail"("strategy_id", "award_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing lines: as many slots as the count allows (at most 16, at least one), the surplus
-- shared out evenly, the first slots taking the remainder.
INSERT INTO "strategy_award_stock" ("strategy_id", "award_id", "slot", "surplus")
SELECT d."strategy_id", d."award_id", s.slot,
       d."award_surplus_count" / n.slots + (CASE WHEN s.slot < d."award_surplus_count" % n.slots THEN 1 ELSE 0 END)
FROM "strategy_detail" d
CROSS JOIN LATERAL (SELECT LEAST(16, GREATEST(d."award_count", 1)) AS slots) n
CROSS JOIN LATERAL generate_series(0, n.slots - 1) AS s(slot);
