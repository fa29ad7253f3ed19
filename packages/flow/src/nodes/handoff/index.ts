import { z } from "zod";
import { businessHoursSchema } from "../../businessHours.ts";
import { defineNodeType, nodeLabelSchema, noReads, noWrites } from "../defineNodeType.ts";

export const handoffDataSchema = z.object({
  label: nodeLabelSchema,
  waitingMessage: z.string().trim().min(1, "write what the visitor sees while waiting for a person").max(4000),
  /** Sent instead when nobody can take the conversation (outside business hours or no agent online). */
  offlineMessage: z.string().trim().min(1).max(4000).optional(),
  /** When people answer handoffs. Unset: any time an agent is online. */
  businessHours: businessHoursSchema.optional(),
});
export type HandoffData = z.infer<typeof handoffDataSchema>;

export const handoffDefaults = {
  waitingMessage: "I'm passing you to a member of our team. They will reply here shortly.",
  offlineMessage: "Our team is offline right now. Leave your message and we'll get back to you by email.",
} as const satisfies HandoffData;

/**
 * On entry the node checks whether a person can take the conversation
 * (within business hours and an agent online). Yes: the waiting message, and
 * the conversation waits for a person. No: the offline message, then the
 * `offline` output when it is connected (the bot carries on, e.g. to take a
 * message), else the conversation waits for a person all the same.
 */
export const handoffNode = defineNodeType({
  type: "handoff",
  title: "Hand over to a person",
  kind: "waiting",
  dataSchema: handoffDataSchema,
  defaults: handoffDefaults,
  outputs: () => [
    { handle: "resolved", isRequired: true },
    { handle: "returned", isRequired: true },
    // Unconnected is a sound choice (wait for a person anyway), so no warning; the flow leaves through it without waiting.
    { handle: "offline", isRequired: false, isWorthConnecting: false, isTakenWithoutWaiting: true },
  ],
  writes: noWrites,
  templates: (data) => [data.waitingMessage, ...(data.offlineMessage ? [data.offlineMessage] : [])],
  reads: noReads,
});
