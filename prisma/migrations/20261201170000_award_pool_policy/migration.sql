-- The empty-pool policy of a REDEEM_CODE award, set at deploy (GENERATE or FAIL). Existing awards
-- keep NULL: they follow REDEEM_CODE_WHEN_POOL_EMPTY of the deployment, as they did before.
ALTER TABLE "award" ADD COLUMN "when_pool_empty" VARCHAR(16);

ALTER TABLE "award" ADD CONSTRAINT "award_when_pool_empty_check" CHECK ("when_pool_empty" IN ('GENERATE', 'FAIL'));
