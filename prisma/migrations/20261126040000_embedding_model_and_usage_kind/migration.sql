-- Which embeddings model made each chunk's vector. Null: no vector yet, or one
-- stored before the model was recorded (treated as another model's: ignored by
-- retrieval and re-embedded on the next embedding run).
-- AlterTable
ALTER TABLE "KnowledgeChunk" ADD COLUMN "embeddingModel" TEXT;

-- CreateEnum
CREATE TYPE "LlmUsageKind" AS ENUM ('chat', 'embedding');

-- AlterTable
ALTER TABLE "LlmUsage" ADD COLUMN "kind" "LlmUsageKind" NOT NULL DEFAULT 'chat';

-- Embedding calls are counted apart from AI replies; costUsd stays the month's whole spend.
-- AlterTable
ALTER TABLE "UsageCounter" ADD COLUMN "embeddingCalls" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "embeddingTokens" INTEGER NOT NULL DEFAULT 0;
