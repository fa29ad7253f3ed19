/**
 * Compile-time only (never bundled): the widget's hand-written wire types
 * must match what the widget router really returns. `npm run typecheck`
 * fails here when the router's outputs drift.
 */
import type { AppRouter, inferRouterInputs, inferRouterOutputs } from "@chatwright/api";
import type { ChatTransport } from "./core/session";
import type { OpenedConversation, WidgetConfig } from "./core/types";

type Outputs = inferRouterOutputs<AppRouter>["widget"];
type Inputs = inferRouterInputs<AppRouter>["widget"];
type Is<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export type Checks = [
  Is<Same<Outputs["init"], OpenedConversation>>,
  Is<Same<Outputs["config"], WidgetConfig>>,
  Is<Same<Outputs["send"], Awaited<ReturnType<ChatTransport["send"]>>>>,
  Is<Parameters<ChatTransport["send"]>[0] & { botKey: string } extends Inputs["send"] ? true : false>,
];
