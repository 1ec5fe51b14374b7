-- CreateIndex
CREATE INDEX "Pattern_srIds_idx" ON "Pattern" USING GIN ("srIds");
