export type PresenceState = "online" | "away";

export interface AgentPresence {
  /** An agent's dashboard says it is there (every ~20 s while the inbox is open). */
  heartbeat(input: { workspaceId: string; userId: string; state: PresenceState }): void;
  /** Agents seen recently, with their chosen state. */
  list(workspaceId: string): { userId: string; state: PresenceState; lastSeenAt: Date }[];
  /** True when at least one agent is online (not away) and seen within the window. */
  isAnyoneOnline(workspaceId: string): boolean;
}

/**
 * Presence per workspace in this process's memory. With several processes a
 * Redis implementation (a sorted set per workspace scored by last heartbeat)
 * replaces it behind the same interface.
 */
export function createInMemoryPresence(options: { now?: () => Date; onlineWindowMs?: number } = {}): AgentPresence {
  const now = options.now ?? (() => new Date());
  const windowMs = options.onlineWindowMs ?? 45_000;
  const seen = new Map<string, Map<string, { state: PresenceState; lastSeenAt: Date }>>();
  const fresh = (workspaceId: string) => {
    const agents = seen.get(workspaceId);
    if (!agents) return [];
    const cutoff = now().getTime() - windowMs;
    const result: { userId: string; state: PresenceState; lastSeenAt: Date }[] = [];
    for (const [userId, entry] of agents) {
      if (entry.lastSeenAt.getTime() < cutoff) agents.delete(userId);
      else result.push({ userId, ...entry });
    }
    return result;
  };
  return {
    heartbeat({ workspaceId, userId, state }) {
      let agents = seen.get(workspaceId);
      if (!agents) {
        agents = new Map();
        seen.set(workspaceId, agents);
      }
      agents.set(userId, { state, lastSeenAt: now() });
    },
    list: fresh,
    isAnyoneOnline: (workspaceId) => fresh(workspaceId).some((agent) => agent.state === "online"),
  };
}
