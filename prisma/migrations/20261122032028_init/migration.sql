-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'PM', 'ENGINEER', 'VIEWER', 'REQUESTER');

-- CreateEnum
CREATE TYPE "Category" AS ENUM ('NETWORK', 'DATABASE', 'SERVER', 'SECURITY', 'APPLICATION', 'ACCOUNT', 'HARDWARE', 'OTHER');

-- CreateEnum
CREATE TYPE "Environment" AS ENUM ('DEV', 'STG', 'PROD');

-- CreateEnum
CREATE TYPE "RiskLevel" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "ActionStatus" AS ENUM ('AUTO_DONE', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "PolicyStatus" AS ENUM ('DRAFT', 'ACTIVE', 'RETIRED');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "CycleStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED');

-- CreateEnum
CREATE TYPE "RequestType" AS ENUM ('INQUIRY', 'INCIDENT', 'CHANGE', 'SERVICE');

-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('P1', 'P2', 'P3', 'P4');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('NEW', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED');

-- CreateEnum
CREATE TYPE "KbStatus" AS ENUM ('DRAFT', 'PUBLISHED');

-- CreateEnum
CREATE TYPE "ProblemStatus" AS ENUM ('OPEN', 'RESOLVED', 'CLOSED');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('OPEN', 'RESOLVED', 'CLOSED');

-- CreateEnum
CREATE TYPE "AnomalyOutcome" AS ENUM ('TRUE_POSITIVE', 'FALSE_POSITIVE');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "instId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Team" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "categories" "Category"[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" INTEGER NOT NULL,
    "username" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("teamId","username")
);

-- CreateTable
CREATE TABLE "AutoAction" (
    "id" TEXT NOT NULL,
    "actionType" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "environment" "Environment" NOT NULL,
    "targetCount" INTEGER NOT NULL,
    "payload" JSONB,
    "riskLevel" "RiskLevel" NOT NULL,
    "riskFactors" JSONB NOT NULL,
    "policyVersion" INTEGER NOT NULL,
    "status" "ActionStatus" NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "approvedBy" TEXT,
    "approvedAt" TIMESTAMP(3),
    "comment" TEXT,
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "expiringNotifiedAt" TIMESTAMP(3),
    "sourceKey" TEXT,
    "cycleRunId" TEXT,

    CONSTRAINT "AutoAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "actionId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "fromStatus" "ActionStatus",
    "toStatus" "ActionStatus" NOT NULL,
    "comment" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionApproval" (
    "actionId" TEXT NOT NULL,
    "approver" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "comment" TEXT,

    CONSTRAINT "ActionApproval_pkey" PRIMARY KEY ("actionId","approver")
);

-- CreateTable
CREATE TABLE "RiskPolicy" (
    "version" INTEGER NOT NULL,
    "status" "PolicyStatus" NOT NULL,
    "rules" JSONB NOT NULL,
    "note" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMP(3),

    CONSTRAINT "RiskPolicy_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" SERIAL NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "NotificationStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutoCycleRun" (
    "id" TEXT NOT NULL,
    "status" "CycleStatus" NOT NULL,
    "triggeredBy" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "steps" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,

    CONSTRAINT "AutoCycleRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceRequest" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "type" "RequestType" NOT NULL,
    "priority" "Priority" NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'NEW',
    "instId" INTEGER,
    "requester" TEXT NOT NULL,
    "assignee" TEXT,
    "category" "Category",
    "slaDueAt" TIMESTAMP(3) NOT NULL,
    "escalatedAt" TIMESTAMP(3),
    "resolution" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "classifiedAt" TIMESTAMP(3),
    "assignedAt" TIMESTAMP(3),
    "answeredByKbId" TEXT,
    "answeredAt" TIMESTAMP(3),
    "answerCheckedAt" TIMESTAMP(3),
    "kbDraftedAt" TIMESTAMP(3),
    "patternId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KbArticle" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "tags" TEXT[],
    "status" "KbStatus" NOT NULL DEFAULT 'DRAFT',
    "sourceSrId" TEXT,
    "keywords" TEXT[],
    "effectivenessScore" DOUBLE PRECISION,
    "appliedCount" INTEGER NOT NULL DEFAULT 0,
    "failedCount" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "KbArticle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Problem" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "status" "ProblemStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "Problem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'OPEN',
    "anomalyId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Anomaly" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "metricType" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "severity" "Severity" NOT NULL,
    "outcome" "AnomalyOutcome",
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "thresholdId" INTEGER,

    CONSTRAINT "Anomaly_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pattern" (
    "id" SERIAL NOT NULL,
    "patternKey" TEXT NOT NULL,
    "srType" "RequestType" NOT NULL,
    "instId" INTEGER,
    "keywordSignature" TEXT NOT NULL,
    "keywords" TEXT[],
    "techKeywords" TEXT[],
    "occurrenceCount" INTEGER NOT NULL DEFAULT 1,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "escalated" BOOLEAN NOT NULL DEFAULT false,
    "escalatedAt" TIMESTAMP(3),
    "problemId" TEXT,
    "srIds" TEXT[],

    CONSTRAINT "Pattern_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Feedback" (
    "id" SERIAL NOT NULL,
    "srId" TEXT NOT NULL,
    "kbDocId" TEXT,
    "kbId" TEXT,
    "patternId" INTEGER,
    "appliedBy" TEXT,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "effectivenessScore" DOUBLE PRECISION,
    "recurredWithinDays" INTEGER,
    "checkedAt" TIMESTAMP(3),

    CONSTRAINT "Feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Threshold" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "metricType" TEXT NOT NULL,
    "baseThreshold" DOUBLE PRECISION NOT NULL,
    "adaptedThreshold" DOUBLE PRECISION NOT NULL,
    "truePositive" INTEGER NOT NULL DEFAULT 0,
    "falsePositive" INTEGER NOT NULL DEFAULT 0,
    "missedCount" INTEGER NOT NULL DEFAULT 0,
    "adaptationCount" INTEGER NOT NULL DEFAULT 0,
    "lastAdaptedAt" TIMESTAMP(3),
    "changePct" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Threshold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ThresholdAdjustment" (
    "id" SERIAL NOT NULL,
    "thresholdId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "previousThreshold" DOUBLE PRECISION NOT NULL,
    "newThreshold" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "truePositive" INTEGER NOT NULL,
    "falsePositive" INTEGER NOT NULL,
    "missedCount" INTEGER NOT NULL,

    CONSTRAINT "ThresholdAdjustment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lesson" (
    "id" SERIAL NOT NULL,
    "lessonId" TEXT NOT NULL,
    "patternId" INTEGER,
    "title" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "problemPattern" TEXT NOT NULL,
    "rootCause" TEXT,
    "effectiveSolution" TEXT NOT NULL,
    "prevention" TEXT,
    "confidenceScore" DOUBLE PRECISION NOT NULL,
    "isVerified" BOOLEAN NOT NULL DEFAULT false,
    "verifiedBy" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "actionType" TEXT,
    "environment" "Environment",
    "isFailure" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lesson_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Team_name_key" ON "Team"("name");

-- CreateIndex
CREATE INDEX "TeamMember_username_idx" ON "TeamMember"("username");

-- CreateIndex
CREATE UNIQUE INDEX "AutoAction_sourceKey_key" ON "AutoAction"("sourceKey");

-- CreateIndex
CREATE INDEX "AutoAction_status_createdAt_idx" ON "AutoAction"("status", "createdAt");

-- CreateIndex
CREATE INDEX "AutoAction_createdAt_idx" ON "AutoAction"("createdAt");

-- CreateIndex
CREATE INDEX "AutoAction_status_expiresAt_idx" ON "AutoAction"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "AutoAction_actionType_environment_createdAt_idx" ON "AutoAction"("actionType", "environment", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_actionId_at_idx" ON "AuditEntry"("actionId", "at");

-- CreateIndex
CREATE INDEX "Notification_status_nextAttemptAt_idx" ON "Notification"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AutoCycleRun_startedAt_idx" ON "AutoCycleRun"("startedAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_status_createdAt_idx" ON "ServiceRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_type_status_createdAt_idx" ON "ServiceRequest"("type", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_requester_createdAt_idx" ON "ServiceRequest"("requester", "createdAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_assignee_status_idx" ON "ServiceRequest"("assignee", "status");

-- CreateIndex
CREATE INDEX "ServiceRequest_slaDueAt_idx" ON "ServiceRequest"("slaDueAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_resolvedAt_idx" ON "ServiceRequest"("resolvedAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_createdAt_idx" ON "ServiceRequest"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "KbArticle_sourceSrId_key" ON "KbArticle"("sourceSrId");

-- CreateIndex
CREATE INDEX "KbArticle_status_idx" ON "KbArticle"("status");

-- CreateIndex
CREATE INDEX "KbArticle_keywords_idx" ON "KbArticle" USING GIN ("keywords");

-- CreateIndex
CREATE INDEX "Problem_status_idx" ON "Problem"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_anomalyId_key" ON "Incident"("anomalyId");

-- CreateIndex
CREATE INDEX "Incident_status_createdAt_idx" ON "Incident"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Anomaly_severity_detectedAt_idx" ON "Anomaly"("severity", "detectedAt");

-- CreateIndex
CREATE INDEX "Anomaly_source_metricType_detectedAt_idx" ON "Anomaly"("source", "metricType", "detectedAt");

-- CreateIndex
CREATE INDEX "Anomaly_detectedAt_idx" ON "Anomaly"("detectedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Pattern_patternKey_key" ON "Pattern"("patternKey");

-- CreateIndex
CREATE INDEX "Pattern_srType_instId_keywordSignature_idx" ON "Pattern"("srType", "instId", "keywordSignature");

-- CreateIndex
CREATE INDEX "Pattern_srType_instId_lastSeenAt_idx" ON "Pattern"("srType", "instId", "lastSeenAt");

-- CreateIndex
CREATE INDEX "Pattern_keywords_idx" ON "Pattern" USING GIN ("keywords");

-- CreateIndex
CREATE INDEX "Pattern_occurrenceCount_idx" ON "Pattern"("occurrenceCount");

-- CreateIndex
CREATE INDEX "Feedback_checkedAt_dueAt_idx" ON "Feedback"("checkedAt", "dueAt");

-- CreateIndex
CREATE INDEX "Feedback_kbId_idx" ON "Feedback"("kbId");

-- CreateIndex
CREATE INDEX "Feedback_patternId_idx" ON "Feedback"("patternId");

-- CreateIndex
CREATE UNIQUE INDEX "Threshold_source_metricType_key" ON "Threshold"("source", "metricType");

-- CreateIndex
CREATE INDEX "ThresholdAdjustment_thresholdId_at_idx" ON "ThresholdAdjustment"("thresholdId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Lesson_lessonId_key" ON "Lesson"("lessonId");

-- CreateIndex
CREATE UNIQUE INDEX "Lesson_patternId_key" ON "Lesson"("patternId");

-- CreateIndex
CREATE INDEX "Lesson_confidenceScore_idx" ON "Lesson"("confidenceScore");

-- CreateIndex
CREATE INDEX "Lesson_actionType_environment_idx" ON "Lesson"("actionType", "environment");

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_username_fkey" FOREIGN KEY ("username") REFERENCES "User"("username") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "AutoAction"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionApproval" ADD CONSTRAINT "ActionApproval_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "AutoAction"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_anomalyId_fkey" FOREIGN KEY ("anomalyId") REFERENCES "Anomaly"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pattern" ADD CONSTRAINT "Pattern_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "Problem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Feedback" ADD CONSTRAINT "Feedback_patternId_fkey" FOREIGN KEY ("patternId") REFERENCES "Pattern"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ThresholdAdjustment" ADD CONSTRAINT "ThresholdAdjustment_thresholdId_fkey" FOREIGN KEY ("thresholdId") REFERENCES "Threshold"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lesson" ADD CONSTRAINT "Lesson_patternId_fkey" FOREIGN KEY ("patternId") REFERENCES "Pattern"("id") ON DELETE SET NULL ON UPDATE CASCADE;
