import type { ComponentType } from "react";
import type { NodeDataByType, NodeTypeName } from "@chatwright/flow";

/** What a settings form may need beyond its node's data. */
export interface SettingsContext {
  workspaceId: string;
  botId: string;
  nodeId: string;
  /** The bot's intents (names), for the intent picker. */
  intents: readonly string[];
  /** Variables the flow knows: built-ins and every variable a node sets. */
  variables: readonly string[];
}

export interface SettingsProps<K extends NodeTypeName> {
  data: NodeDataByType[K];
  onChange(data: NodeDataByType[K]): void;
  context: SettingsContext;
}

/** The dashboard's layer of a node type (Typebot-style: one folder per type, one registry line). */
export interface NodeUi<K extends NodeTypeName> {
  /** A short symbol for the palette and the card; decorative. */
  icon: string;
  /** One line for the palette, in the owner's words. */
  description: string;
  /** The card's key setting, e.g. the message text or the chosen model. */
  summarize(data: NodeDataByType[K]): string;
  Settings: ComponentType<SettingsProps<K>>;
}

export function defineNodeUi<K extends NodeTypeName>(ui: NodeUi<K>): NodeUi<K> {
  return ui;
}

export const truncate = (text: string, max = 80): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
