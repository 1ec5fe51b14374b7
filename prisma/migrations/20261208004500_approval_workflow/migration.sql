-- Issue 15: delegation, deadline extension, overdue escalation, signed hash-chained audit trail.
-- Rows written before this migration keep null hashes (no backfill: the canonical JSON is computed
-- in JS, which SQL cannot reproduce byte for byte). The integrity check reports them as legacy
-- entries, and each chain starts at its first hashed entry (src/modules/approvals/README.md).
-- No semicolons in these comments: the schema engine splits the script on them.

-- AlterTable
ALTER TABLE "ActionApproval" ADD COLUMN     "contentHash" TEXT,
ADD COLUMN     "decidedBy" TEXT,
ADD COLUMN     "delegationId" TEXT;

-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "contentHash" TEXT,
ADD COLUMN     "delegationId" TEXT,
ADD COLUMN     "hash" TEXT,
ADD COLUMN     "keyId" TEXT,
ADD COLUMN     "onBehalfOf" TEXT,
ADD COLUMN     "prevHash" TEXT,
ADD COLUMN     "signature" TEXT;

-- AlterTable
ALTER TABLE "AutoAction" ADD COLUMN     "approvedOnBehalfOf" TEXT,
ADD COLUMN     "contentHash" TEXT,
ADD COLUMN     "escalatedAt" TIMESTAMP(3),
ADD COLUMN     "extendedAt" TIMESTAMP(3),
ADD COLUMN     "extensionCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ApprovalDelegation" (
    "id" TEXT NOT NULL,
    "delegator" TEXT NOT NULL,
    "delegate" TEXT NOT NULL,
    "riskLevels" "RiskLevel"[],
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "revokedBy" TEXT,

    CONSTRAINT "ApprovalDelegation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApprovalDelegation_delegate_endsAt_idx" ON "ApprovalDelegation"("delegate", "endsAt");

-- CreateIndex
CREATE INDEX "ApprovalDelegation_delegator_endsAt_idx" ON "ApprovalDelegation"("delegator", "endsAt");

-- CreateIndex
CREATE INDEX "ApprovalDelegation_createdAt_idx" ON "ApprovalDelegation"("createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_actionId_id_idx" ON "AuditEntry"("actionId", "id");
