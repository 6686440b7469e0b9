-- CreateIndex
CREATE INDEX "user_take_activity_activity_id_idx" ON "user_take_activity"("activity_id");
