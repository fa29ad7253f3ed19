import { z } from "zod";
import { assertBotInWorkspace, botIntentNames } from "../flows/flows";
import { simulateFlow } from "../flows/simulateFlow";
import { adminProcedure, router } from "../trpc";
import { storableText } from "../schemas";

const SIMULATION_MAX_STEPS = 50;

const eventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("VISITOR_MESSAGE"), text: storableText("The message").trim().min(1).max(4000) }),
  z.object({ type: z.literal("AGENT_RETURN") }),
  z.object({ type: z.literal("AGENT_RESOLVE") }),
]);

const issueSchema = z.object({ code: z.string(), message: z.string(), nodeId: z.string().optional(), handle: z.string().optional(), edgeId: z.string().optional() });

export const conversationsRouter = router({
  /** The builder's test chat: runs the draft graph one turn at a time without storing anything. */
  simulate: adminProcedure
    .input(
      z.object({
        botId: z.uuid(),
        graph: z.unknown(),
        snapshot: z.unknown().optional(),
        event: eventSchema.optional(),
        variables: z.record(storableText("A variable name").max(64), storableText("A variable").max(2000)).optional(),
      }),
    )
    .output(
      z.discriminatedUnion("ok", [
        z.object({ ok: z.literal(false), errors: z.array(issueSchema) }),
        z.object({
          ok: z.literal(true),
          snapshot: z.unknown(),
          status: z.enum(["waiting", "handoff", "ended", "error"]),
          activeNodeId: z.string().nullable(),
          variables: z.record(z.string(), z.string()),
          messages: z.array(z.object({ nodeId: z.string().nullable(), text: z.string(), quickReplies: z.array(z.string()), sources: z.array(z.string()).optional() })),
          path: z.array(z.string()),
          error: z.object({ code: z.string(), nodeId: z.string().nullable(), message: z.string() }).nullable(),
        }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      const scope = { workspaceId: ctx.workspace.id, botId: input.botId };
      await assertBotInWorkspace(ctx.db, scope);
      return simulateFlow({
        graph: input.graph,
        intents: await botIntentNames(ctx.db, scope),
        services: ctx.servicesFor(scope),
        snapshot: input.snapshot,
        event: input.event,
        variables: input.variables,
        maxSteps: SIMULATION_MAX_STEPS,
      });
    }),
});
