-- AlterTable
ALTER TABLE "AutoAction" ALTER COLUMN "target" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "ServiceRequest_patternId_idx" ON "ServiceRequest"("patternId");

-- References that no longer resolve (none are expected) become null, so the constraints can be added.
UPDATE "ServiceRequest" SET "patternId" = NULL WHERE "patternId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Pattern" p WHERE p."id" = "ServiceRequest"."patternId");
UPDATE "Anomaly" SET "thresholdId" = NULL WHERE "thresholdId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Threshold" t WHERE t."id" = "Anomaly"."thresholdId");
UPDATE "Feedback" SET "kbId" = NULL WHERE "kbId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "KbArticle" k WHERE k."id" = "Feedback"."kbId");

-- AddForeignKey
ALTER TABLE "ServiceRequest" ADD CONSTRAINT "ServiceRequest_patternId_fkey" FOREIGN KEY ("patternId") REFERENCES "Pattern"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Anomaly" ADD CONSTRAINT "Anomaly_thresholdId_fkey" FOREIGN KEY ("thresholdId") REFERENCES "Threshold"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Feedback" ADD CONSTRAINT "Feedback_kbId_fkey" FOREIGN KEY ("kbId") REFERENCES "KbArticle"("id") ON DELETE SET NULL ON UPDATE CASCADE;
