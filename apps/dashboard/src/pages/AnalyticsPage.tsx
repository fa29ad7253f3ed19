import { lazy, Suspense, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError, errorCode } from "../errors";
import type { BotTabProps } from "../components/BotTabs";
import { ANALYTICS_PERIOD_OPTIONS, analyticsCsv, analyticsFileName, type AnalyticsPeriod } from "../analytics";
import { downloadFile } from "../inbox/downloadFile";
import "../analyticsReport/analyticsReport.css";

// The charts (uPlot) load with the report when the tab opens, not with every page.
const AnalyticsReport = lazy(() => import("../analyticsReport/AnalyticsReport"));

/** `/w/:ws/bots/:botId/analytics`: how the bot is doing, and what it could not answer (Pro and up). */
export function AnalyticsPage({ workspace, bot }: BotTabProps) {
  const trpc = useTRPC();
  const [days, setDays] = useState<AnalyticsPeriod>(30);
  const analytics = useQuery({ ...trpc.analytics.bot.queryOptions({ workspaceId: workspace.id, botId: bot.id, days }), placeholderData: keepPreviousData });

  if (analytics.isError) {
    const code = errorCode(analytics.error);
    if (code === "PRECONDITION_FAILED") {
      return (
        <aside className="upgrade" aria-label="Upgrade">
          <h2>See how your bot is doing</h2>
          <p>
            The <strong>Pro plan</strong> adds analytics: conversations per day, how many the bot handled without your team, what visitors ask about, where they stop, their
            ratings, and the questions the bot could not answer, so you know what to add to your knowledge base next.{" "}
            {workspace.role === "OWNER" ? "Upgrade on the Billing page." : "Ask your workspace owner to upgrade to Pro."}
          </p>
        </aside>
      );
    }
    if (code === "FORBIDDEN") return <p role="alert">Analytics are for the workspace's owners and admins.</p>;
    return <p role="alert">{describeError(analytics.error).message}</p>;
  }
  const loading = <p role="status">Loading analytics…</p>;
  return (
    <section aria-labelledby="analytics-heading" className="analytics" aria-busy={analytics.isFetching}>
      <div className="analytics-header">
        <h2 id="analytics-heading">Analytics</h2>
        <div className="analytics-actions">
          <label>
            Period{" "}
            <select value={days} onChange={(event) => setDays(Number(event.target.value) as AnalyticsPeriod)}>
              {ANALYTICS_PERIOD_OPTIONS.map((option) => (
                <option key={option.days} value={option.days}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="secondary"
            disabled={!analytics.data}
            onClick={() => {
              if (analytics.data) downloadFile(analyticsFileName(bot.name, analytics.data.daily), analyticsCsv(analytics.data.daily), "text/csv;charset=utf-8");
            }}
          >
            Download CSV
          </button>
        </div>
      </div>
      {analytics.isPending ? (
        loading
      ) : (
        <Suspense fallback={loading}>
          <AnalyticsReport data={analytics.data} workspaceId={workspace.id} botId={bot.id} />
        </Suspense>
      )}
    </section>
  );
}
