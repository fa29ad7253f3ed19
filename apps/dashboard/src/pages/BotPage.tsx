import { useEffect, useRef } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type WorkspaceSummary } from "../trpc";
import { describeError, errorCode } from "../errors";
import { paths, takeHeadingFocusRequest } from "../router";
import { BotTabs, findBotTab } from "../components/BotTabs";
import { Link } from "../components/Link";
import { PageHeading } from "../components/PageHeading";
import { BotStateBadge, TryBotLink } from "../onboarding/BotState";
import { useBotStateRefresh } from "../onboarding/useBotStateRefresh";

interface BotPageProps {
  workspace: WorkspaceSummary;
  botId: string;
  tab: string | null;
}

/** `/w/:ws/bots/:botId[/:tab]`: the bot's name, its sections as tabs, and the current section. */
export function BotPage({ workspace, botId, tab }: BotPageProps) {
  const trpc = useTRPC();
  const current = findBotTab(tab);
  // The canvas saves drafts by itself: while it is open, "draft changes" shows within a few seconds.
  const bot = useQuery({ ...trpc.bots.get.queryOptions({ workspaceId: workspace.id, botId }), refetchInterval: current?.slug === "flow" ? 10_000 : false });
  useBotStateRefresh();
  // Switching tabs keeps the bot's heading mounted, so nothing takes the
  // focus request: drop it, leaving focus on the tab link that was chosen.
  const shownTab = useRef(tab);
  useEffect(() => {
    if (shownTab.current !== tab) takeHeadingFocusRequest();
    shownTab.current = tab;
  }, [tab]);
  const botName = bot.data?.name;
  const tabLabel = current?.label;
  useEffect(() => {
    // After PageHeading's own title (children's effects run first): name the section too.
    if (botName && tabLabel) document.title = `${tabLabel} · ${botName} · Chatwright`;
  }, [botName, tabLabel]);
  const backLink = (
    <p className="back-link">
      <Link href={paths.bots(workspace.id)}>
        <span aria-hidden="true">← </span>Back to Bots
      </Link>
    </p>
  );

  if (bot.isPending) {
    return (
      <>
        {backLink}
        <p role="status">Loading bot…</p>
      </>
    );
  }
  if (bot.isError) {
    const isMissing = errorCode(bot.error) === "NOT_FOUND" || errorCode(bot.error) === "BAD_REQUEST";
    return (
      <>
        {backLink}
        <PageHeading>{isMissing ? "Bot not found" : "This bot could not be loaded"}</PageHeading>
        <p role="alert">{isMissing ? "This bot was deleted, or the link is wrong. Pick a bot from your list." : describeError(bot.error).message}</p>
        {isMissing ? null : (
          <button type="button" className="secondary" onClick={() => void bot.refetch()}>
            Try again
          </button>
        )}
      </>
    );
  }
  if (!current) {
    return (
      <>
        {backLink}
        <PageHeading>Page not found</PageHeading>
        <p>
          “{bot.data.name}” has no such section. <Link href={paths.bot(workspace.id, botId)}>Open the bot</Link>.
        </p>
      </>
    );
  }
  const { Page } = current;
  return (
    <>
      {backLink}
      <div className="bot-header">
        <PageHeading>{bot.data.name}</PageHeading>
        <BotStateBadge bot={bot.data} />
        {bot.data.liveVersion !== null ? <TryBotLink publicKey={bot.data.publicKey} /> : null}
      </div>
      <BotTabs workspaceId={workspace.id} bot={bot.data} current={current} />
      <Page key={`${bot.data.id}:${current.slug}`} workspace={workspace} bot={bot.data} />
    </>
  );
}
