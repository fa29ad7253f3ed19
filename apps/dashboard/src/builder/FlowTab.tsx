import { lazy, Suspense } from "react";
import type { BotTabProps } from "../components/BotTabs";

// The canvas (React Flow, the flow package's validator) is most of the dashboard's
// weight; it loads when the Flow tab is opened, not with every page.
const FlowPage = lazy(() => import("./FlowPage"));

/** The bot's "Flow" tab: the canvas on Pro and Enterprise, the fixed FAQ-bot setup below that. */
export function FlowTab(props: BotTabProps) {
  return (
    <Suspense fallback={<p role="status">Loading the flow builder…</p>}>
      <FlowPage {...props} />
    </Suspense>
  );
}
