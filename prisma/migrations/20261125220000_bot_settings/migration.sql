-- AlterTable
ALTER TABLE "Bot" ADD COLUMN "settings" JSONB NOT NULL DEFAULT '{}';
