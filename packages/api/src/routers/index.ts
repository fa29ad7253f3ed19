import { router } from "../trpc";
import { analyticsRouter } from "./analytics";
import { apiKeysRouter } from "./apiKeys";
import { authRouter } from "./auth";
import { billingRouter } from "./billing";
import { botsRouter } from "./bots";
import { conversationsRouter } from "./conversations";
import { devMailboxRouter } from "./devMailbox";
import { flowsRouter } from "./flows";
import { inboxRouter } from "./inbox";
import { intentsRouter } from "./intents";
import { knowledgeRouter } from "./knowledge";
import { privacyRouter } from "./privacy";
import { webhooksRouter } from "./webhooks";
import { widgetRouter } from "./widget";
import { workspacesRouter } from "./workspaces";

export const appRouter = router({
  auth: authRouter,
  workspaces: workspacesRouter,
  bots: botsRouter,
  flows: flowsRouter,
  conversations: conversationsRouter,
  knowledge: knowledgeRouter,
  intents: intentsRouter,
  widget: widgetRouter,
  inbox: inboxRouter,
  billing: billingRouter,
  analytics: analyticsRouter,
  apiKeys: apiKeysRouter,
  webhooks: webhooksRouter,
  privacy: privacyRouter,
  devMailbox: devMailboxRouter,
});

export type AppRouter = typeof appRouter;
