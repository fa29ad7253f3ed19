-- The notice job's search (#15): recent handoffs of every workspace, to tell
-- members about visitors who waited while nobody was online. Partial, so it
-- stays small: handoffs are a sliver of the events.
CREATE INDEX "ConversationEvent_handoff_createdAt_idx" ON "ConversationEvent" ("createdAt") WHERE type IN ('handoff', 'handoffOffline');
