-- CreateTable
CREATE TABLE "InboxReadMark" (
    "workspaceId" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "lastReadSeq" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InboxReadMark_pkey" PRIMARY KEY ("conversationId","userId")
);

-- CreateIndex
CREATE INDEX "InboxReadMark_workspaceId_userId_idx" ON "InboxReadMark"("workspaceId", "userId");

-- AddForeignKey
ALTER TABLE "InboxReadMark" ADD CONSTRAINT "InboxReadMark_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboxReadMark" ADD CONSTRAINT "InboxReadMark_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
