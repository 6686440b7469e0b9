-- AlterTable
ALTER TABLE "user_strategy_export" ADD COLUMN     "campaign_id" BIGINT,
ALTER COLUMN "uuid" SET DATA TYPE VARCHAR(160);

-- CreateTable
CREATE TABLE "campaign" (
    "campaign_id" BIGINT NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "award_id" VARCHAR(64) NOT NULL,
    "award_type" SMALLINT NOT NULL,
    "award_name" VARCHAR(128) NOT NULL,
    "award_content" VARCHAR(1024) NOT NULL DEFAULT '',
    "per_user" SMALLINT NOT NULL,
    "state" VARCHAR(16) NOT NULL DEFAULT 'OPEN',
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "chunks" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_pkey" PRIMARY KEY ("campaign_id")
);

-- CreateTable
CREATE TABLE "campaign_recipient" (
    "campaign_id" BIGINT NOT NULL,
    "u_id" VARCHAR(64) NOT NULL,
    "hash" BIGINT NOT NULL,

    CONSTRAINT "campaign_recipient_pkey" PRIMARY KEY ("campaign_id","u_id")
);

-- CreateTable
CREATE TABLE "campaign_progress" (
    "campaign_id" BIGINT NOT NULL,
    "shard" SMALLINT NOT NULL,
    "ordered" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "granted" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "campaign_progress_pkey" PRIMARY KEY ("campaign_id","shard")
);

-- CreateIndex
CREATE INDEX "campaign_recipient_campaign_id_hash_idx" ON "campaign_recipient"("campaign_id", "hash");

-- Hand-written guards (the schema language has no CHECK).
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_state_check" CHECK ("state" IN ('OPEN', 'RUNNING', 'PAUSED', 'DONE'));

ALTER TABLE "campaign" ADD CONSTRAINT "campaign_per_user_check" CHECK ("per_user" BETWEEN 1 AND 10);
