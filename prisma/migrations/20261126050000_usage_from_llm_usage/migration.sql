-- The month's AI totals are now summed from "LlmUsage" rows (indexed by
-- workspace and time) instead of kept in "UsageCounter": incrementing one
-- shared row per workspace inside a visitor's turn locked it until the turn
-- committed, so a second AI call in that turn made every other conversation
-- of the shop wait. "UsageCounter" keeps the visitor-message quota count.
-- AlterTable
ALTER TABLE "UsageCounter" DROP COLUMN "llmCalls",
DROP COLUMN "promptTokens",
DROP COLUMN "completionTokens",
DROP COLUMN "embeddingCalls",
DROP COLUMN "embeddingTokens",
DROP COLUMN "costUsd";
