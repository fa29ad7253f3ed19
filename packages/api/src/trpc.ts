import { initTRPC, TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import { isPoolWaitTimeout, type Role } from "@chatwright/db";
import type { Context } from "./context";
import { isDashboardRequest } from "./dashboardOrigin";
import { DomainError } from "./errors";
import { describeUnexpectedError, readErrorId } from "./errorIds";
import { INPUT_TOO_DEEP_MESSAGE, isNestedDeeperThan, MAX_INPUT_DEPTH } from "./inputDepth";
import { findSessionUser } from "./auth/sessions";
import { tryPageOriginFor } from "./widget/tryPage";
import { authorizeWidgetRequest } from "./widget/widget";

function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

const t = initTRPC.context<Context>().create({
  // Never send stack traces to clients; the server logs them.
  isDev: false,
  errorFormatter({ shape, error }) {
    // Anything we did not throw on purpose (a database error, a bug, a failed
    // output check) is a 500, and its own message may name files, queries or
    // data. The client gets an id the server's log line carries instead.
    if (error.code === "INTERNAL_SERVER_ERROR") {
      const errorId = readErrorId(error);
      return { ...shape, message: describeUnexpectedError(errorId), data: { ...shape.data, errorId, fieldErrors: null, details: null } };
    }
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      message: zodError ? `Invalid input — ${describeZodError(zodError)}` : shape.message,
      data: {
        ...shape.data,
        errorId: null,
        fieldErrors: zodError ? z.flattenError(zodError).fieldErrors : null,
        details: error.cause instanceof DomainError ? (error.cause.details ?? null) : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** What a client reads when no database connection was free in time (a burst the pool could not serve). */
export const DATABASE_BUSY_MESSAGE = "The service is busy right now and could not answer in time. Try again in a moment.";

/** Domain functions throw DomainError; clients get the matching tRPC code. A pool that ran out of time is "busy", not a bug. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    throw new TRPCError({ code: result.error.cause.code, message: result.error.cause.message, cause: result.error.cause });
  }
  if (!result.ok && isPoolWaitTimeout(result.error)) {
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_BUSY_MESSAGE, cause: result.error });
  }
  return result;
});

/**
 * Input nested deeper than anything we accept is refused before zod (or
 * anything else recursive) walks it. tRPC parses the JSON itself (HTTP
 * bodies, query strings, WebSocket messages); JSON.parse does not recurse.
 */
const limitInputDepth = t.middleware(async ({ getRawInput, next }) => {
  if (isNestedDeeperThan(await getRawInput(), MAX_INPUT_DEPTH)) throw new TRPCError({ code: "BAD_REQUEST", message: INPUT_TOO_DEEP_MESSAGE });
  return next();
});

/**
 * CSRF and cross-site reads: every dashboard procedure (queries and
 * subscriptions as well as mutations) answers only the dashboard's own
 * origin, so a page elsewhere — a shop's page with the widget included —
 * can neither act nor read with the user's cookie. A WebSocket opened for the
 * widget is refused here whatever cookie came with it.
 */
const dashboardRequestsOnly = t.middleware(({ ctx, next }) => {
  if (ctx.request.isWidgetConnection === true) {
    throw new TRPCError({ code: "FORBIDDEN", message: "This connection was opened for the chat widget; it can only be used for the widget's chat." });
  }
  if (!isDashboardRequest(ctx.request, ctx.trustedOrigins)) {
    throw new TRPCError({ code: "FORBIDDEN", message: "This request came from another site and was refused." });
  }
  return next();
});

const procedure = t.procedure.use(mapDomainErrors).use(limitInputDepth);

export const publicProcedure = procedure.use(dashboardRequestsOnly);

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const token = ctx.cookies.read();
  const user = token ? await findSessionUser(ctx.db, { token, now: ctx.now() }) : null;
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "You are signed out or your session expired. Sign in again." });
  return next({ ctx: { user, sessionToken: token } });
});

const ROLE_RANK: Record<Role, number> = { AGENT: 1, ADMIN: 2, OWNER: 3 };

function workspaceProcedure(minimumRole: Role) {
  return authedProcedure.input(z.object({ workspaceId: z.uuid() })).use(async ({ ctx, input, next }) => {
    const membership = await ctx.db.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: ctx.user.userId } },
      select: { role: true, workspace: { select: { id: true, plan: true } } },
    });
    // Not a member: the workspace does not exist as far as this user can tell.
    if (!membership) throw new TRPCError({ code: "NOT_FOUND", message: "Workspace not found." });
    if (ROLE_RANK[membership.role] < ROLE_RANK[minimumRole]) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${minimumRole.toLowerCase()} role in this workspace.` });
    }
    return next({ ctx: { workspace: { id: membership.workspace.id, plan: membership.workspace.plan, role: membership.role } } });
  });
}

/** Any member, agents included (inbox). */
export const memberProcedure = workspaceProcedure("AGENT");
/** Owners and admins: bots, flows, knowledge. */
export const adminProcedure = workspaceProcedure("ADMIN");
/** Owners only: members, billing, deletion of the workspace. */
export const ownerProcedure = workspaceProcedure("OWNER");

/**
 * The embeddable widget: public (no session, no same-origin guard — it runs
 * on shops' own sites), but every call names a bot by its public key and must
 * come from a page on that bot's allowed origins. Same-origin GETs carry no
 * `Origin`; Sec-Fetch-Site tells them apart from non-browser callers. The
 * bot's own try page, on this server's origin, is accepted for that bot.
 */
export const widgetProcedure = procedure
  .input(z.object({ botKey: z.string().min(1).max(100) }))
  .use(async ({ ctx, input, next }) => {
    const { origin, fetchSite, selfOrigin, tryPageBotKeys = [] } = ctx.request;
    const pageOrigin = origin ?? (fetchSite === "same-origin" ? selfOrigin : null);
    const bot = await authorizeWidgetRequest(ctx.db, {
      botKey: input.botKey,
      origin: pageOrigin,
      allowLocalhostOrigins: ctx.widget.allowLocalhostOrigins,
      tryPageOrigin: tryPageOriginFor({ pageOrigin, selfOrigin, tryPageBotKeys }, input.botKey),
    });
    return next({ ctx: { bot } });
  });
