import { z } from "zod";
import { defineNodeType, nodeLabelSchema, noReads, noWrites } from "../defineNodeType.ts";

export const handoffDataSchema = z.object({
  label: nodeLabelSchema,
  waitingMessage: z.string().trim().min(1, "write what the visitor sees while waiting for a person").max(4000),
  /** Shown instead when no agent is online (the runtime decides). */
  offlineMessage: z.string().trim().min(1).max(4000).optional(),
});
export type HandoffData = z.infer<typeof handoffDataSchema>;

export const handoffDefaults = {
  waitingMessage: "I'm passing you to a member of our team. They will reply here shortly.",
  offlineMessage: "Our team is offline right now. Leave your message and we'll get back to you by email.",
} as const satisfies HandoffData;

export const handoffNode = defineNodeType({
  type: "handoff",
  title: "Hand over to a person",
  kind: "waiting",
  dataSchema: handoffDataSchema,
  defaults: handoffDefaults,
  outputs: () => [
    { handle: "resolved", isRequired: true },
    { handle: "returned", isRequired: true },
  ],
  writes: noWrites,
  templates: (data) => [data.waitingMessage, ...(data.offlineMessage ? [data.offlineMessage] : [])],
  reads: noReads,
});
