-- A turn no longer runs inside one transaction (DESIGN.md §4): the visitor's
-- message is stored first, the flow runs with no transaction open, and a short
-- transaction stores the replies. The conversation row carries the turn's
-- lease (which turn may finish, until when); a visitor message waits for its
-- answer with "awaitingReply" set. A lease past its time belongs to a process
-- that died: another process takes the turn over.
ALTER TABLE "Conversation" ADD COLUMN "turnId" UUID,
ADD COLUMN "turnLeaseUntil" TIMESTAMPTZ(3),
ADD COLUMN "turnAttempts" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "Message" ADD COLUMN "awaitingReply" BOOLEAN NOT NULL DEFAULT false;

-- The sweeper's search: only conversations with a turn in progress.
CREATE INDEX "Conversation_turnLeaseUntil_idx" ON "Conversation" ("turnLeaseUntil") WHERE "turnId" IS NOT NULL;
-- A conversation's next message to answer.
CREATE INDEX "Message_awaitingReply_idx" ON "Message" ("conversationId", seq) WHERE "awaitingReply";
