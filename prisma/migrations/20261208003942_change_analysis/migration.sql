-- CreateEnum
CREATE TYPE "CauseVerdict" AS ENUM ('CONFIRMED', 'REJECTED');

-- CreateTable
CREATE TABLE "CauseLabel" (
    "id" SERIAL NOT NULL,
    "subjectId" TEXT NOT NULL,
    "actionId" TEXT NOT NULL,
    "verdict" "CauseVerdict" NOT NULL,
    "rankAtLabel" INTEGER,
    "scoreAtLabel" DOUBLE PRECISION,
    "labelledBy" TEXT NOT NULL,
    "labelledAt" TIMESTAMP(3) NOT NULL,
    "comment" TEXT,

    CONSTRAINT "CauseLabel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecordedCause" (
    "problemId" TEXT NOT NULL,
    "actionId" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "evidence" JSONB NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecordedCause_pkey" PRIMARY KEY ("problemId")
);

-- CreateIndex
CREATE INDEX "CauseLabel_verdict_subjectId_idx" ON "CauseLabel"("verdict", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "CauseLabel_subjectId_actionId_key" ON "CauseLabel"("subjectId", "actionId");
