import { router } from "../trpc";
import { authRouter } from "./auth";
import { botsRouter } from "./bots";
import { workspacesRouter } from "./workspaces";

export const appRouter = router({
  auth: authRouter,
  workspaces: workspacesRouter,
  bots: botsRouter,
});

export type AppRouter = typeof appRouter;
