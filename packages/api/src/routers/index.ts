import { router } from "../trpc";
import { authRouter } from "./auth";
import { botsRouter } from "./bots";
import { conversationsRouter } from "./conversations";
import { flowsRouter } from "./flows";
import { workspacesRouter } from "./workspaces";

export const appRouter = router({
  auth: authRouter,
  workspaces: workspacesRouter,
  bots: botsRouter,
  flows: flowsRouter,
  conversations: conversationsRouter,
});

export type AppRouter = typeof appRouter;
