const ADJECTIVES = [
  "Amber", "Azure", "Brave", "Bright", "Calm", "Clever", "Coral", "Cosy", "Curious", "Daring", "Gentle", "Golden", "Happy", "Hazel", "Jolly", "Kind",
  "Lively", "Lucky", "Mellow", "Merry", "Misty", "Nimble", "Olive", "Plucky", "Quiet", "Rosy", "Rusty", "Silver", "Sunny", "Swift", "Tidy", "Witty",
] as const;
const ANIMALS = [
  "Badger", "Beaver", "Bison", "Crane", "Dolphin", "Falcon", "Ferret", "Finch", "Fox", "Gecko", "Hare", "Hedgehog", "Heron", "Koala", "Lark", "Lynx",
  "Magpie", "Marten", "Moose", "Newt", "Otter", "Owl", "Panda", "Puffin", "Quail", "Raven", "Robin", "Seal", "Sparrow", "Stoat", "Swan", "Wren",
] as const;

/** FNV-1a, 32 bits: a stable spread of any string, enough to pick a name (not a secret, not unique). */
export function hashVisitorId(visitorId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < visitorId.length; index++) {
    hash ^= visitorId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A name a person can say for a visitor who gave none ("Amber Otter"),
 * instead of "v_b37ae59448". The same visitor id always gives the same name,
 * in every agent's browser; 1,024 names, so two visitors may share one (the
 * list also shows the bot and the time).
 */
export function friendlyVisitorName(visitorId: string): string {
  const hash = hashVisitorId(visitorId);
  return `${ADJECTIVES[hash % ADJECTIVES.length] ?? "Friendly"} ${ANIMALS[(hash >>> 16) % ANIMALS.length] ?? "Visitor"}`;
}
