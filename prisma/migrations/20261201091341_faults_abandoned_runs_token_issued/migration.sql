-- AlterEnum
ALTER TYPE "CycleStatus" ADD VALUE 'ABANDONED';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "tokenIssuedAt" TIMESTAMP(3);
