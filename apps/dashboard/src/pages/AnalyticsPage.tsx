import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC, type RouterOutputs } from "../trpc";
import { describeError, errorCode } from "../errors";
import type { BotTabProps } from "../components/BotTabs";
import { Link } from "../components/Link";
import { paths } from "../router";
import { formatPercent } from "../formatting";
import { ANALYTICS_PERIOD_OPTIONS, describeOutcome, shortDay, type AnalyticsPeriod } from "../analytics";

type Analytics = RouterOutputs["analytics"]["bot"];

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
            The <strong>Pro plan</strong> adds analytics: conversations per day, how many the bot handled without your team, and the questions it could not answer, so
            you know what to add to your knowledge base next. {workspace.role === "OWNER" ? "Upgrade on the Billing page." : "Ask your workspace owner to upgrade to Pro."}
          </p>
        </aside>
      );
    }
    if (code === "FORBIDDEN") return <p role="alert">Analytics are for the workspace's owners and admins.</p>;
    return <p role="alert">{describeError(analytics.error).message}</p>;
  }
  return (
    <section aria-labelledby="analytics-heading" className="analytics">
      <div className="analytics-header">
        <h2 id="analytics-heading">Analytics</h2>
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
      </div>
      {analytics.isPending ? <p role="status">Loading analytics…</p> : <AnalyticsReport data={analytics.data} workspaceId={workspace.id} botId={bot.id} />}
    </section>
  );
}

function AnalyticsReport({ data, workspaceId, botId }: { data: Analytics; workspaceId: string; botId: string }) {
  const { totals } = data;
  const peak = Math.max(1, ...data.daily.map((d) => d.conversations));
  return (
    <>
      <dl className="stat-cards">
        <Stat label="Conversations" value={totals.conversations.toLocaleString("en-US")} note={`${totals.engagedConversations.toLocaleString("en-US")} with a message`} />
        <Stat label="Visitor messages" value={totals.visitorMessages.toLocaleString("en-US")} />
        <Stat
          label="Handled by the bot"
          value={totals.automationRate === null ? "—" : formatPercent(totals.automationRate)}
          note={`${totals.handedOff.toLocaleString("en-US")} handed to your team`}
        />
        <Stat label="Unanswered questions" value={totals.unanswered.toLocaleString("en-US")} />
      </dl>

      <section aria-labelledby="daily-heading" className="panel">
        <h3 id="daily-heading">Conversations per day</h3>
        {totals.conversations === 0 ? (
          <p>No conversations in this period yet. Once the widget is on your shop, they show up here.</p>
        ) : (
          <table className="data-table daily-table">
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col">Conversations</th>
                <th scope="col">Messages</th>
                <th scope="col">Handoffs</th>
              </tr>
            </thead>
            <tbody>
              {data.daily.map((day) => (
                <tr key={day.day}>
                  <th scope="row">{shortDay(day.day)}</th>
                  <td>
                    <span className="bar" style={{ inlineSize: `${(day.conversations / peak) * 100}%` }} aria-hidden="true" />
                    {day.conversations}
                  </td>
                  <td>{day.visitorMessages}</td>
                  <td>{day.handoffs}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="unanswered-heading" className="panel">
        <h3 id="unanswered-heading">Questions the bot could not answer</h3>
        {data.unansweredQuestions.length === 0 ? (
          <p>None in this period.</p>
        ) : (
          <>
            <p>
              Most asked first. Add the answers to the <Link href={paths.bot(workspaceId, botId, "knowledge")}>knowledge base</Link> or as example phrases to an{" "}
              <Link href={paths.bot(workspaceId, botId, "intents")}>intent</Link>.
            </p>
            <ol className="unanswered-list">
              {data.unansweredQuestions.map((question) => (
                <li key={question.text}>
                  <q>{question.text}</q> <span className="muted">× {question.count}</span>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>

      {data.nodes.length > 0 ? (
        <section aria-labelledby="nodes-heading" className="panel">
          <h3 id="nodes-heading">What the flow's steps decided</h3>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Outcome</th>
                <th scope="col">Times</th>
              </tr>
            </thead>
            <tbody>
              {data.nodes.map((node) => (
                <tr key={`${node.nodeId}:${node.handle}`} className={node.isMiss ? "miss" : undefined}>
                  <td>{node.label ? `${node.title}: ${node.label}` : `${node.title} (${node.nodeId})`}</td>
                  <td>{describeOutcome(node.handle)}</td>
                  <td>{node.count.toLocaleString("en-US")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="stat-card">
      <dt>{label}</dt>
      <dd>
        <strong>{value}</strong>
        {note ? <span className="muted">{note}</span> : null}
      </dd>
    </div>
  );
}
