import { z } from "zod";
import { defineNodeType, nodeLabelSchema, noReads, noWrites } from "../defineNodeType.ts";

export const DEFAULT_RATING_QUESTION = "How would you rate this conversation, from 1 (poor) to 5 (great)?";

export const endDataSchema = z.object({
  label: nodeLabelSchema,
  message: z.string().max(4000).optional(),
  /** Waits for one more visitor message, stored as the `rating` variable, then ends. */
  askRating: z.boolean(),
  ratingQuestion: z.string().trim().min(1).max(500).optional(),
});
export type EndData = z.infer<typeof endDataSchema>;

export const endDefaults = { message: "Thanks for chatting with us. Have a great day!", askRating: false } as const satisfies EndData;

export const endNode = defineNodeType({
  type: "end",
  title: "End",
  kind: "final",
  dataSchema: endDataSchema,
  defaults: endDefaults,
  outputs: () => [],
  writes: noWrites,
  templates: (data) => [...(data.message ? [data.message] : []), ...(data.ratingQuestion ? [data.ratingQuestion] : [])],
  reads: noReads,
});
