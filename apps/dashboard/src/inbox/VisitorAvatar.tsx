import { hashVisitorId } from "./friendlyVisitorName";

const COLOURS = 8;

/** Initials on a colour of the visitor's own (the same in the list and the conversation). */
export function VisitorAvatar({ name, visitorId }: { name: string; visitorId: string }) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase())
    .join("");
  return (
    <span className={`visitor-avatar colour-${hashVisitorId(visitorId) % COLOURS}`} aria-hidden="true">
      {initials || "?"}
    </span>
  );
}
