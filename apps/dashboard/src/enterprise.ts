import type { WorkspaceSummary } from "./trpc";

/**
 * Mirrors packages/api/src/enterprise/enterprise.ts (the server enforces it;
 * this only decides what to show): API keys and the workspace's own LLM key
 * are Enterprise features.
 */
export function isEnterprise(plan: WorkspaceSummary["plan"]): boolean {
  return plan === "ENTERPRISE";
}
