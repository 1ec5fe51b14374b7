-- AlterTable
ALTER TABLE "Pattern" ADD COLUMN     "occurredAt" TIMESTAMP(3)[];
