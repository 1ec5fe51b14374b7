-- CreateIndex
CREATE INDEX "ServiceRequest_type_status_answerCheckedAt_idx" ON "ServiceRequest"("type", "status", "answerCheckedAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_status_escalatedAt_slaDueAt_idx" ON "ServiceRequest"("status", "escalatedAt", "slaDueAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_status_kbDraftedAt_idx" ON "ServiceRequest"("status", "kbDraftedAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_answeredByKbId_idx" ON "ServiceRequest"("answeredByKbId");

-- AddForeignKey
ALTER TABLE "ServiceRequest" ADD CONSTRAINT "ServiceRequest_answeredByKbId_fkey" FOREIGN KEY ("answeredByKbId") REFERENCES "KbArticle"("id") ON DELETE SET NULL ON UPDATE CASCADE;
