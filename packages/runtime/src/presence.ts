export type PresenceState = "online" | "away";

export interface AgentPresenceEntry {
  userId: string;
  state: PresenceState;
  lastSeenAt: Date;
}

/**
 * Which agents have the inbox open. Asynchronous because with several server
 * processes it lives in Redis (`@chatwright/redis`); this file's in-memory
 * version serves one process.
 */
export interface AgentPresence {
  /** An agent's dashboard says it is there (every ~20 s while the inbox is open). */
  heartbeat(input: { workspaceId: string; userId: string; state: PresenceState }): Promise<void>;
  /** Agents seen recently, with their chosen state. */
  list(workspaceId: string): Promise<AgentPresenceEntry[]>;
  /** True when at least one agent is online (not away) and seen within the window. */
  isAnyoneOnline(workspaceId: string): Promise<boolean>;
}

/** How long a heartbeat counts: a little over two of the dashboard's 20 s beats. */
export const PRESENCE_WINDOW_MS = 45_000;

/** Presence per workspace in this process's memory. */
export function createInMemoryPresence(options: { now?: () => Date; onlineWindowMs?: number } = {}): AgentPresence {
  const now = options.now ?? (() => new Date());
  const windowMs = options.onlineWindowMs ?? PRESENCE_WINDOW_MS;
  const seen = new Map<string, Map<string, { state: PresenceState; lastSeenAt: Date }>>();
  const fresh = (workspaceId: string) => {
    const agents = seen.get(workspaceId);
    if (!agents) return [];
    const cutoff = now().getTime() - windowMs;
    const result: AgentPresenceEntry[] = [];
    for (const [userId, entry] of agents) {
      if (entry.lastSeenAt.getTime() < cutoff) agents.delete(userId);
      else result.push({ userId, ...entry });
    }
    return result;
  };
  return {
    async heartbeat({ workspaceId, userId, state }) {
      let agents = seen.get(workspaceId);
      if (!agents) {
        agents = new Map();
        seen.set(workspaceId, agents);
      }
      agents.set(userId, { state, lastSeenAt: now() });
    },
    list: async (workspaceId) => fresh(workspaceId),
    isAnyoneOnline: async (workspaceId) => fresh(workspaceId).some((agent) => agent.state === "online"),
  };
}
