import type { ComponentType } from "react";
import type { Bot, WorkspaceSummary } from "../trpc";
import { paths } from "../router";
import { Link } from "./Link";
import { KnowledgePage } from "../pages/KnowledgePage";
import { IntentsPage } from "../pages/IntentsPage";
import { InstallPage } from "../pages/InstallPage";
import { FlowTab } from "../builder/FlowTab";
import { AnalyticsPage } from "../pages/AnalyticsPage";

export interface BotTabProps {
  workspace: WorkspaceSummary;
  bot: Bot;
}

interface BotTab {
  /** the URL segment: /w/:ws/bots/:botId/<slug> */
  slug: string;
  label: string;
  Page: ComponentType<BotTabProps>;
}

/** The bot's sections, in order; the first is the default. Adding one is one line here. */
export const BOT_TABS: readonly BotTab[] = [
  { slug: "knowledge", label: "Knowledge", Page: KnowledgePage },
  { slug: "intents", label: "Intents", Page: IntentsPage },
  { slug: "install", label: "Install", Page: InstallPage },
  { slug: "flow", label: "Flow", Page: FlowTab },
  { slug: "analytics", label: "Analytics", Page: AnalyticsPage },
];

/** The tab a route's segment names (the first for none), or null for an unknown one. */
export function findBotTab(slug: string | null): BotTab | null {
  if (slug === null) return BOT_TABS[0] ?? null;
  return BOT_TABS.find((tab) => tab.slug === slug) ?? null;
}

/** Links, not an ARIA tablist: each section has its own address, Back works, and a new tab opens. */
export function BotTabs({ workspaceId, bot, current }: { workspaceId: string; bot: Bot; current: BotTab }) {
  return (
    <nav className="bot-tabs" aria-label={`Sections of “${bot.name}”`}>
      <ul>
        {BOT_TABS.map((tab) => (
          <li key={tab.slug}>
            <Link href={paths.bot(workspaceId, bot.id, tab.slug)} aria-current={tab === current ? "page" : undefined}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
