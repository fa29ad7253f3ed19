import { describe, expect, it } from "vitest";
import { planConversationActions } from "./planConversationActions";

const me = "user-me";

describe("planConversationActions", () => {
  it("offers Claim for a visitor waiting for a person", () => {
    expect(planConversationActions({ status: "WAITING_AGENT", assignee: null }, me)).toMatchObject({ primary: "claim", canReply: false, canRelease: true });
  });

  it("puts the reply box first on the agent's own conversation", () => {
    expect(planConversationActions({ status: "AGENT", assignee: { userId: me, name: "Me" } }, me)).toMatchObject({ primary: "reply", canReply: true, canTakeOver: false });
  });

  it("lets an agent take over a colleague's conversation, as a secondary action, without a reply box", () => {
    expect(planConversationActions({ status: "AGENT", assignee: { userId: "ada", name: "Ada" } }, me)).toEqual({ primary: null, canReply: false, canTakeOver: true, canAssign: true, canRelease: true });
  });

  it("has nothing to do on a conversation with the bot or closed", () => {
    for (const status of ["BOT", "CLOSED"] as const) {
      expect(planConversationActions({ status, assignee: null }, me)).toEqual({ primary: null, canReply: false, canTakeOver: false, canAssign: false, canRelease: false });
    }
  });
});
