import type { Role } from "./trpc";

/** What each role may do, in the words of the invite form. */
export const ROLE_OPTIONS: { value: Role; label: string }[] = [
  { value: "AGENT", label: "Agent — answers chats" },
  { value: "ADMIN", label: "Admin — builds bots and answers chats" },
  { value: "OWNER", label: "Owner — everything, including members and billing" },
];

export const ROLE_NAMES: Record<Role, string> = { OWNER: "Owner", ADMIN: "Admin", AGENT: "Agent" };

export function isRole(value: string): value is Role {
  return value === "OWNER" || value === "ADMIN" || value === "AGENT";
}
