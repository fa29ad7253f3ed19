import { useCallback, useMemo } from "react";
import type { RouterOutputs } from "../trpc";
import { Link } from "../components/Link";
import { paths } from "../router";
import { formatPercent } from "../formatting";
import { dailyAutomationRates, describeOutcome, describeStep, formatRating } from "../analytics";
import { BarList } from "./BarList";
import { ChartFigure } from "./ChartFigure";
import { RatingsPanel } from "./RatingsPanel";
import { ANALYTICS_COLORS } from "./palette";

type Analytics = RouterOutputs["analytics"]["bot"];

const count = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

/** The Analytics tab's report: numbers, charts and lists for one period (loaded with its chart library when the tab opens). */
export default function AnalyticsReport({ data, workspaceId, botId }: { data: Analytics; workspaceId: string; botId: string }) {
  const { totals } = data;
  const days = useMemo(() => data.daily.map((d) => d.day), [data.daily]);
  const activity = useMemo(
    () => [
      { label: "Conversations", values: data.daily.map((d) => d.conversations), color: ANALYTICS_COLORS.conversations, isArea: true },
      { label: "Visitor messages", values: data.daily.map((d) => d.visitorMessages), color: ANALYTICS_COLORS.visitorMessages },
      { label: "Handed to your team", values: data.daily.map((d) => d.handedOff), color: ANALYTICS_COLORS.handedOff },
    ],
    [data.daily],
  );
  const outcomes = useMemo(
    () => [
      { label: "Handled by the bot", values: data.daily.map((d) => d.handledByBot), color: ANALYTICS_COLORS.handledByBot },
      { label: "Handed to your team", values: data.daily.map((d) => d.handedOff), color: ANALYTICS_COLORS.handedOff },
      { label: "Left unanswered", values: data.daily.map((d) => d.leftUnanswered), color: ANALYTICS_COLORS.leftUnanswered },
    ],
    [data.daily],
  );
  const describeAutomation = useCallback(
    (index: number) => {
      const rate = dailyAutomationRates(data.daily)[index];
      return rate === null || rate === undefined ? null : `${formatPercent(rate)} handled by the bot`;
    },
    [data.daily],
  );

  return (
    <>
      <dl className="stat-cards">
        <Stat label="Conversations" value={count(totals.conversations)} note={`${count(totals.engagedConversations)} with a visitor message`} />
        <Stat label="Visitor messages" value={count(totals.visitorMessages)} />
        <Stat
          label="Handled by the bot"
          value={totals.automationRate === null ? "—" : formatPercent(totals.automationRate)}
          note={totals.engagedConversations === 0 ? "no conversation with a message yet" : `${count(totals.handledByBot)} of ${plural(totals.engagedConversations, "conversation", "conversations")}`}
        />
        <Stat
          label="Unanswered questions"
          value={count(totals.unanswered)}
          note={totals.unanswered === 0 ? "none in this period" : `asked in ${plural(totals.unansweredConversations, "conversation", "conversations")}`}
        />
        <Stat label="Visitor rating" value={data.ratings.count === 0 ? "—" : `${formatRating(data.ratings.average)} / 5`} note={plural(data.ratings.count, "rating", "ratings")} />
      </dl>

      {totals.conversations === 0 ? (
        <section className="panel" aria-labelledby="analytics-empty-heading">
          <h3 id="analytics-empty-heading">No conversations in this period yet</h3>
          <p>
            Once the widget is on your shop (the snippet is on the <Link href={paths.bot(workspaceId, botId, "install")}>Install</Link> tab), conversations show up here as
            visitors chat.
          </p>
        </section>
      ) : (
        <>
          <OutcomeSection totals={totals} />
          <div className="analytics-grid">
            <ChartFigure title="Conversations per day" note="Conversations by the day they started; visitor messages by the day they were sent." days={days} series={activity} kind="count" />
            <ChartFigure
              title="Outcomes per day"
              note="Conversations with a visitor message, by the day they started."
              days={days}
              series={outcomes}
              kind="count"
              style="stackedBars"
              describeDay={describeAutomation}
            />
          </div>
          <div className="analytics-grid">
            <TopIntentsSection topIntents={data.topIntents} workspaceId={workspaceId} botId={botId} />
            <DropOffSection dropOffs={data.dropOffs} engaged={totals.engagedConversations} />
          </div>
          <div className="analytics-grid">
            <RatingsPanel ratings={data.ratings} />
            <UnansweredSection questions={data.unansweredQuestions} workspaceId={workspaceId} botId={botId} />
          </div>
        </>
      )}


      {data.nodes.length > 0 ? (
        <section aria-labelledby="nodes-heading" className="panel">
          <details>
            <summary>
              <h3 id="nodes-heading">What the flow's steps decided</h3>
            </summary>
            <div className="table-scroll">
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
                      <td>{count(node.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
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

/** Each conversation with a message is one of three: the parts add up to the whole, and to the "Handled by the bot" figure. */
function OutcomeSection({ totals }: { totals: Analytics["totals"] }) {
  const parts = [
    { key: "bot", label: "Handled by the bot", value: totals.handledByBot, color: ANALYTICS_COLORS.handledByBot },
    { key: "team", label: "Handed to your team", value: totals.handedOff, color: ANALYTICS_COLORS.handedOff },
    { key: "missed", label: "Left with an unanswered question", value: totals.leftUnanswered, color: ANALYTICS_COLORS.leftUnanswered },
  ];
  // Rounded the way the "Handled by the bot" card rounds, so the two always show the same figure.
  const share = (value: number) => formatPercent(value / Math.max(1, totals.engagedConversations));
  return (
    <section aria-labelledby="outcome-heading" className="panel">
      <h3 id="outcome-heading">How conversations went</h3>
      {totals.engagedConversations === 0 ? (
        <p>No visitor has written yet in this period: every conversation so far ended at the greeting.</p>
      ) : (
        <>
          <p className="muted">Of {plural(totals.engagedConversations, "conversation", "conversations")} in which the visitor wrote. A conversation handed to your team counts there, even if a question went unanswered first.</p>
          <div className="outcome-bar" aria-hidden="true">
            {parts.map((part) =>
              part.value === 0 ? null : <span key={part.key} style={{ flexGrow: part.value, background: part.color }} title={`${part.label}: ${share(part.value)}`} />,
            )}
          </div>
          <ul className="outcome-legend">
            {parts.map((part) => (
              <li key={part.key}>
                <span className="chart-swatch" style={{ background: part.color }} aria-hidden="true" />
                <span>{part.label}</span> <strong>{share(part.value)}</strong> <span className="muted">({count(part.value)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function TopIntentsSection({ topIntents, workspaceId, botId }: { topIntents: Analytics["topIntents"]; workspaceId: string; botId: string }) {
  const classified = topIntents.recognised + topIntents.notRecognised;
  const share = (n: number) => (classified === 0 ? "" : `${Math.round((n / classified) * 100)}%`);
  return (
    <section aria-labelledby="intents-heading" className="panel">
      <h3 id="intents-heading">What visitors ask about</h3>
      {classified === 0 ? (
        <p>
          No message went through an intent step in this period. Add a “Recognise intent” step to the flow and <Link href={paths.bot(workspaceId, botId, "intents")}>intents</Link> to see
          the topics here.
        </p>
      ) : (
        <>
          <p className="muted">Messages by the intent the bot recognised, of {plural(classified, "message", "messages")} it sorted.</p>
          <BarList
            label="Intents, most asked first"
            items={[
              ...topIntents.intents.map((intent) => ({ key: intent.name, label: intent.name, value: intent.count, detail: share(intent.count) })),
              ...(topIntents.notRecognised > 0
                ? [{ key: "\u0000fallback", label: "No intent matched", value: topIntents.notRecognised, detail: share(topIntents.notRecognised), tone: "miss" as const }]
                : []),
            ]}
          />
        </>
      )}
    </section>
  );
}

function DropOffSection({ dropOffs, engaged }: { dropOffs: Analytics["dropOffs"]; engaged: number }) {
  return (
    <section aria-labelledby="dropoff-heading" className="panel">
      <h3 id="dropoff-heading">Where visitors stop</h3>
      {dropOffs.length === 0 ? (
        <p>{engaged === 0 ? "Nobody has written to the bot in this period." : "No conversation has gone quiet in the bot's hands yet (a conversation counts here after 30 minutes without a message)."}</p>
      ) : (
        <>
          <p className="muted">
            Conversations that went quiet for 30 minutes without a handoff or an end, by the step the bot was at, of those that reached the step. Stopping at a question the bot
            asked often means the visitor gave up.
          </p>
          <BarList
            label="Steps where visitors stopped, most first"
            items={dropOffs.map((step) => {
              const { name, hint } = describeStep(step);
              const notes = [hint, step.afterUnanswered > 0 ? `${count(step.afterUnanswered)} right after a question the bot could not answer` : null].filter(Boolean).join(" · ");
              return {
                key: step.nodeId,
                label: name,
                value: step.stopped,
                detail: `of ${count(step.reached)}`,
                ...(notes ? { note: notes } : {}),
                tone: step.type === "ask" || step.afterUnanswered * 2 > step.stopped ? ("miss" as const) : ("default" as const),
              };
            })}
          />
        </>
      )}
    </section>
  );
}

function UnansweredSection({ questions, workspaceId, botId }: { questions: Analytics["unansweredQuestions"]; workspaceId: string; botId: string }) {
  return (
    <section aria-labelledby="unanswered-heading" className="panel">
      <h3 id="unanswered-heading">Questions the bot could not answer</h3>
      {questions.length === 0 ? (
        <p>None in this period.</p>
      ) : (
        <>
          <p className="muted">
            Most asked first. Add the answers to the <Link href={paths.bot(workspaceId, botId, "knowledge")}>knowledge base</Link> or as example phrases to an{" "}
            <Link href={paths.bot(workspaceId, botId, "intents")}>intent</Link>.
          </p>
          <BarList label="Unanswered questions, most asked first" items={questions.map((question) => ({ key: question.text, label: <q>{question.text}</q>, value: question.count, tone: "miss" as const }))} />
        </>
      )}
    </section>
  );
}
