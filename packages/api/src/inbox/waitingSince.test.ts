import { describe, expect, it } from "vitest";
import { waitingSince } from "./waitingSince";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));

describe("waitingSince", () => {
  it("counts from the handoff while no agent has answered", () => {
    expect(waitingSince({ status: "WAITING_AGENT", handoffAt: at(5), lastAgentReplyAt: null, firstUnansweredAt: at(7) })).toEqual(at(5));
    expect(waitingSince({ status: "AGENT", handoffAt: at(5), lastAgentReplyAt: null, firstUnansweredAt: null })).toEqual(at(5));
    // A reply from an earlier handoff does not count for this one.
    expect(waitingSince({ status: "AGENT", handoffAt: at(20), lastAgentReplyAt: at(10), firstUnansweredAt: at(12) })).toEqual(at(20));
  });

  it("counts from the first visitor message after the agent's last reply, and nothing when the agent spoke last", () => {
    expect(waitingSince({ status: "AGENT", handoffAt: at(5), lastAgentReplyAt: at(8), firstUnansweredAt: at(9) })).toEqual(at(9));
    expect(waitingSince({ status: "AGENT", handoffAt: at(5), lastAgentReplyAt: at(8), firstUnansweredAt: null })).toBeNull();
  });

  it("is nothing for a conversation with the bot or closed", () => {
    expect(waitingSince({ status: "BOT", handoffAt: at(5), lastAgentReplyAt: null, firstUnansweredAt: at(6) })).toBeNull();
    expect(waitingSince({ status: "CLOSED", handoffAt: at(5), lastAgentReplyAt: null, firstUnansweredAt: at(6) })).toBeNull();
  });
});
