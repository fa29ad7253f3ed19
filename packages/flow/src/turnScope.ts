import type { AnyActorRef } from "xstate";
import type { FlowServices } from "./services.ts";

/** A streamed chunk of an AI reply. */
export interface TokenOutput {
  type: "token";
  nodeId: string;
  text: string;
}

/**
 * Per-turn collaborators, keyed by the actor system of the turn's root actor.
 * A machine is shared by every conversation of a flow version, so per-turn
 * things (where streamed tokens go, services bound to this conversation)
 * cannot live in the machine's closures.
 */
export interface TurnScope {
  services: FlowServices;
  emitToken(token: TokenOutput): void;
}

type AnyActorSystem = AnyActorRef["system"];

export const turnScopes = new WeakMap<AnyActorSystem, TurnScope>();
