import type { NodeDataByType, NodeTypeName } from "@chatwright/flow";
import { getNodeType } from "@chatwright/flow";
import { askUi } from "./ask";
import { conditionUi } from "./condition";
import { endUi } from "./end";
import { faqUi } from "./faq";
import { handoffUi } from "./handoff";
import { httpUi } from "./http";
import { intentUi } from "./intent";
import { listenUi } from "./listen";
import { llmUi } from "./llm";
import { messageUi } from "./message";
import { setUi } from "./set";
import { startUi } from "./start";
import type { NodeUi } from "./types";
import { isRecord } from "../graph";

/** The dashboard layer of every node type, one line each (schemas live in @chatwright/flow). */
export const nodeUis: { [K in NodeTypeName]: NodeUi<K> } = {
  start: startUi,
  message: messageUi,
  ask: askUi,
  listen: listenUi,
  intent: intentUi,
  faq: faqUi,
  llm: llmUi,
  condition: conditionUi,
  set: setUi,
  http: httpUi,
  handoff: handoffUi,
  end: endUi,
};

/**
 * A node's data for its form and card. Stored data may be half-edited or
 * from an old import: required fields that are missing take the type's
 * defaults (optional ones stay unset, so a cleared greeting stays cleared);
 * whatever is still wrong is what the validator reports on the card.
 */
export function readNodeData<K extends NodeTypeName>(type: K, data: Record<string, unknown>): NodeDataByType[K] {
  const definition = getNodeType(type);
  const defaults: Record<string, unknown> = isRecord(definition.defaults) ? definition.defaults : {};
  const shape: unknown = "shape" in definition.dataSchema ? definition.dataSchema.shape : {};
  const filled: Record<string, unknown> = { ...data };
  for (const [key, value] of Object.entries(defaults)) {
    const field: unknown = isRecord(shape) ? shape[key] : undefined;
    const isOptional = typeof field === "object" && field !== null && "isOptional" in field && typeof field.isOptional === "function" && field.isOptional() === true;
    if (!(key in filled) && !isOptional) filled[key] = value;
  }
  // The forms need the typed shape; the server validates every save, so a wrong field is reported, never trusted.
  return filled as NodeDataByType[K];
}
