-- CreateEnum
CREATE TYPE "RecurrenceVerdict" AS ENUM ('CONFIRMED', 'REJECTED', 'MISSED');

-- CreateTable
CREATE TABLE "RecurrenceReview" (
    "id" SERIAL NOT NULL,
    "srId" TEXT NOT NULL,
    "patternId" INTEGER NOT NULL,
    "verdict" "RecurrenceVerdict" NOT NULL,
    "reason" TEXT,
    "reviewedBy" TEXT NOT NULL,
    "reviewedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecurrenceReview_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecurrenceReview_verdict_idx" ON "RecurrenceReview"("verdict");

-- CreateIndex
CREATE INDEX "RecurrenceReview_patternId_idx" ON "RecurrenceReview"("patternId");

-- CreateIndex
CREATE UNIQUE INDEX "RecurrenceReview_srId_patternId_key" ON "RecurrenceReview"("srId", "patternId");

-- AddForeignKey
ALTER TABLE "RecurrenceReview" ADD CONSTRAINT "RecurrenceReview_patternId_fkey" FOREIGN KEY ("patternId") REFERENCES "Pattern"("id") ON DELETE CASCADE ON UPDATE CASCADE;
