import type { ReactNode } from "react";

export interface BarListItem {
  key: string;
  label: ReactNode;
  value: number;
  /** shown after the value, e.g. "40%" */
  detail?: string;
  /** a second line under the label */
  note?: ReactNode;
  tone?: "default" | "miss";
}

/**
 * A ranked list drawn as horizontal bars behind the labels (the way web
 * analytics show top pages): each bar is its value against the largest.
 * Labels and numbers are text, so it reads the same without the bars.
 */
export function BarList({ items, label }: { items: readonly BarListItem[]; label: string }) {
  const peak = Math.max(1, ...items.map((item) => item.value));
  return (
    <ol className="bar-list" aria-label={label}>
      {items.map((item) => (
        <li key={item.key} className={item.tone === "miss" ? "is-miss" : undefined}>
          <span className="bar-list-fill" style={{ inlineSize: `${(item.value / peak) * 100}%` }} aria-hidden="true" />
          <span className="bar-list-label">
            {item.label}
            {item.note ? <span className="bar-list-note">{item.note}</span> : null}
          </span>
          <span className="bar-list-value">
            {item.value.toLocaleString("en-US")}
            {item.detail ? <span className="bar-list-detail"> {item.detail}</span> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
