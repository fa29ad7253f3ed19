import { z } from "zod";
import { defineNodeType, nodeLabelSchema, noReads, noWrites } from "../defineNodeType.ts";

export const messageDataSchema = z.object({
  label: nodeLabelSchema,
  text: z.string().trim().min(1, "write the message text").max(4000),
  quickReplies: z.array(z.string().trim().min(1).max(80)).max(10).optional(),
});
export type MessageData = z.infer<typeof messageDataSchema>;

export const messageDefaults = { text: "Thanks for your message!" } as const satisfies MessageData;

export const messageNode = defineNodeType({
  type: "message",
  title: "Message",
  kind: "quick",
  dataSchema: messageDataSchema,
  defaults: messageDefaults,
  outputs: () => [{ handle: "next", isRequired: true }],
  writes: noWrites,
  templates: (data) => [data.text, ...(data.quickReplies ?? [])],
  reads: noReads,
});
