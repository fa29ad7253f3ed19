/** "512 bytes", "1.2 KB", "3.4 MB": sizes the way a file manager shows them (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${Math.round(bytes)} bytes`;
  const units = ["KB", "MB", "GB"] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${rounded} ${units[unit] ?? "GB"}`;
}

/** A score in [0, 1] as a whole percentage, clamped: 0.873 -> "87%". */
export function formatPercent(score: number): string {
  if (!Number.isFinite(score)) return "—";
  return `${Math.round(Math.min(1, Math.max(0, score)) * 100)}%`;
}

/** At most `maxChars` of `text` on one line, cut at a word boundary with "…". */
export function excerpt(text: string, maxChars: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= maxChars) return flat;
  const cut = flat.slice(0, maxChars);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > maxChars * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.-]+$/, "")}…`;
}

/** What the workspace's AI replies cost, for people: "less than $0.01", "$1.24". */
export function formatUsd(amount: number): string {
  if (!Number.isFinite(amount) || amount < 0) return "—";
  if (amount === 0) return "$0.00";
  if (amount < 0.01) return "less than $0.01";
  return `$${amount.toFixed(2)}`;
}

/** "March 2026" from "2026-03" (the usage counter's UTC month). */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
}
