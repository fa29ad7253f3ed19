-- CreateEnum
CREATE TYPE "KnowledgeSourceKind" AS ENUM ('FAQ', 'DOCUMENT');

-- CreateEnum
CREATE TYPE "KnowledgeSourceStatus" AS ENUM ('READY', 'PROCESSING', 'FAILED');

-- CreateTable
CREATE TABLE "Intent" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspaceId" UUID NOT NULL,
    "botId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "examples" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Intent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KnowledgeSource" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspaceId" UUID NOT NULL,
    "botId" UUID NOT NULL,
    "kind" "KnowledgeSourceKind" NOT NULL,
    "title" TEXT NOT NULL,
    "status" "KnowledgeSourceStatus" NOT NULL DEFAULT 'READY',
    "error" TEXT,
    "originalName" TEXT,
    "bytes" INTEGER NOT NULL DEFAULT 0,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "KnowledgeSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
-- Prisma would emit "searchVector" tsvector for the Unsupported field; the
-- generated expression is hand-written (Prisma has no syntax for it). The
-- question is weighted A and the content B, so a visitor's question that
-- matches an FAQ's question outranks one that only matches an answer.
CREATE TABLE "KnowledgeChunk" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspaceId" UUID NOT NULL,
    "botId" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "question" TEXT,
    "answer" TEXT,
    "heading" TEXT,
    "content" TEXT NOT NULL,
    "searchVector" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("question", '')), 'A') || setweight(to_tsvector('english', "content"), 'B')) STORED,
    "embedding" REAL[] NOT NULL DEFAULT ARRAY[]::REAL[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KnowledgeChunk_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Intent_workspaceId_idx" ON "Intent"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "Intent_botId_name_key" ON "Intent"("botId", "name");

-- CreateIndex
CREATE INDEX "KnowledgeSource_workspaceId_botId_idx" ON "KnowledgeSource"("workspaceId", "botId");

-- CreateIndex
CREATE INDEX "KnowledgeChunk_workspaceId_botId_idx" ON "KnowledgeChunk"("workspaceId", "botId");

-- CreateIndex
CREATE INDEX "KnowledgeChunk_searchVector_idx" ON "KnowledgeChunk" USING GIN ("searchVector");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeChunk_sourceId_position_key" ON "KnowledgeChunk"("sourceId", "position");

-- AddForeignKey
ALTER TABLE "Intent" ADD CONSTRAINT "Intent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Intent" ADD CONSTRAINT "Intent_botId_fkey" FOREIGN KEY ("botId") REFERENCES "Bot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeSource" ADD CONSTRAINT "KnowledgeSource_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeSource" ADD CONSTRAINT "KnowledgeSource_botId_fkey" FOREIGN KEY ("botId") REFERENCES "Bot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeChunk" ADD CONSTRAINT "KnowledgeChunk_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "KnowledgeSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
