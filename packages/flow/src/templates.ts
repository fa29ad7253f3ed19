import { z } from "zod";
import greetingRouter from "../../../flows/greeting-router.json" with { type: "json" };
import leadCapture from "../../../flows/lead-capture.json" with { type: "json" };
import orderStatus from "../../../flows/order-status.json" with { type: "json" };
import productFinder from "../../../flows/product-finder.json" with { type: "json" };
import returnsRefunds from "../../../flows/returns-refunds.json" with { type: "json" };
import shippingQuestions from "../../../flows/shipping-questions.json" with { type: "json" };
import { flowGraphSchema, type FlowGraph } from "./graph.ts";

/** The file format of `flows/*.json` (see flows/README.md). */
export const flowTemplateFileSchema = z.object({
  name: z.string().min(1).max(100),
  description: z.string().min(1).max(500),
  /** Intents the template's Intent nodes use, with example utterances to create them from. */
  intents: z.array(z.object({ name: z.string().min(1), examples: z.array(z.string().min(1)) })),
  /** Starter FAQ entries the owner can import into the knowledge base. */
  knowledge: z.array(z.object({ question: z.string().min(1), answer: z.string().min(1) })),
  graph: flowGraphSchema,
});

export interface FlowTemplate {
  /** The file name without `.json`. */
  id: string;
  name: string;
  description: string;
  intents: { name: string; examples: string[] }[];
  knowledge: { question: string; answer: string }[];
  graph: FlowGraph;
}

const FILES: readonly (readonly [string, unknown])[] = [
  ["order-status", orderStatus],
  ["returns-refunds", returnsRefunds],
  ["shipping-questions", shippingQuestions],
  ["product-finder", productFinder],
  ["lead-capture", leadCapture],
  ["greeting-router", greetingRouter],
];

let cache: FlowTemplate[] | undefined;

/** The gallery templates, parsed once. Returns deep copies so callers may edit them. */
export function listFlowTemplates(): FlowTemplate[] {
  cache ??= FILES.map(([id, file]) => ({ id, ...flowTemplateFileSchema.parse(file) }));
  return structuredClone(cache);
}

export function getFlowTemplate(id: string): FlowTemplate | undefined {
  return listFlowTemplates().find((template) => template.id === id);
}
