import { compileFlow, flowGraphSchema, getFlowTemplate, validateFlow, type FlowGraph, type FlowIssue } from "@chatwright/flow";
import type { Db, Plan } from "@chatwright/db";
import { DomainError, notFound } from "../errors";
import { findPlanIssues, type PlanIssue } from "./findPlanIssues";

export interface FlowValidationSummary {
  errors: FlowIssue[];
  warnings: FlowIssue[];
}

export interface FlowDetail {
  id: string;
  botId: string;
  name: string;
  graph: unknown;
  draftRevision: number;
  updatedAt: Date;
  validation: FlowValidationSummary;
}

export const EMPTY_GRAPH: FlowGraph = {
  schemaVersion: 1,
  nodes: [{ id: "start", type: "start", position: { x: 0, y: 0 }, data: { greeting: "Hi! How can I help you today?" } }],
  edges: [],
} as FlowGraph;

export async function botIntentNames(db: Db, scope: { workspaceId: string; botId: string }): Promise<string[]> {
  const intents = await db.intent.findMany({ where: scope, select: { name: true }, orderBy: { name: "asc" } });
  return intents.map((i) => i.name);
}

export async function assertBotInWorkspace(db: Db, scope: { workspaceId: string; botId: string }): Promise<void> {
  const bot = await db.bot.findFirst({ where: { id: scope.botId, workspaceId: scope.workspaceId }, select: { id: true } });
  if (!bot) throw notFound("Bot");
}

async function findFlow(db: Db, scope: { workspaceId: string; flowId: string }) {
  const flow = await db.flow.findFirst({ where: { id: scope.flowId, workspaceId: scope.workspaceId } });
  if (!flow) throw notFound("Flow");
  return flow;
}

/** The validator's findings plus, with a plan, the steps that plan cannot run (errors: they block publishing). */
function validateForPlan(graph: unknown, options: { intents: string[]; plan?: Plan | undefined }): FlowValidationSummary {
  const validation = validateFlow(graph, { intents: options.intents });
  return options.plan ? { errors: [...validation.errors, ...findPlanIssues(graph, options.plan)] as FlowIssue[], warnings: validation.warnings } : validation;
}

export async function getFlow(db: Db, scope: { workspaceId: string; flowId: string; plan?: Plan | undefined }): Promise<FlowDetail> {
  const flow = await findFlow(db, scope);
  const validation = validateForPlan(flow.graph, { intents: await botIntentNames(db, { workspaceId: scope.workspaceId, botId: flow.botId }), plan: scope.plan });
  return { id: flow.id, botId: flow.botId, name: flow.name, graph: flow.graph, draftRevision: flow.draftRevision, updatedAt: flow.updatedAt, validation };
}

export async function listFlows(db: Db, scope: { workspaceId: string; botId: string }) {
  await assertBotInWorkspace(db, scope);
  const [flows, bot] = await Promise.all([
    db.flow.findMany({
      where: scope,
      select: { id: true, name: true, updatedAt: true, versions: { select: { number: true }, orderBy: { number: "desc" }, take: 1 } },
      orderBy: { createdAt: "asc" },
    }),
    db.bot.findUniqueOrThrow({ where: { id: scope.botId }, select: { activeFlowId: true } }),
  ]);
  return flows.map((f) => ({ id: f.id, name: f.name, updatedAt: f.updatedAt, latestVersion: f.versions[0]?.number ?? null, isActive: bot.activeFlowId === f.id }));
}

/**
 * A new draft: blank (a start node), from a gallery template (its missing
 * intents are created for the bot with their examples), or from a graph.
 */
export async function createFlow(
  db: Db,
  input: { workspaceId: string; botId: string; name: string; templateId?: string | undefined; graph?: FlowGraph | undefined },
): Promise<FlowDetail> {
  await assertBotInWorkspace(db, input);
  let graph: FlowGraph = input.graph ?? EMPTY_GRAPH;
  const intentsToCreate: { name: string; examples: string[] }[] = [];
  if (input.templateId) {
    const template = getFlowTemplate(input.templateId);
    if (!template) throw new DomainError("NOT_FOUND", `There is no template called "${input.templateId}".`);
    graph = template.graph;
    intentsToCreate.push(...template.intents);
  }
  const flow = await db.$transaction(async (tx) => {
    for (const intent of intentsToCreate) {
      await tx.intent.upsert({
        where: { botId_name: { botId: input.botId, name: intent.name } },
        create: { workspaceId: input.workspaceId, botId: input.botId, name: intent.name, examples: intent.examples },
        update: {},
      });
    }
    return tx.flow.create({ data: { workspaceId: input.workspaceId, botId: input.botId, name: input.name.trim(), graph: graph as object } });
  });
  return getFlow(db, { workspaceId: input.workspaceId, flowId: flow.id });
}

/**
 * Saves the draft even when it is invalid (the canvas shows the problems).
 * `baseRevision` is the revision the editor loaded: if someone saved since,
 * the save is refused instead of silently overwriting their work.
 */
export async function saveDraft(
  db: Db,
  input: { workspaceId: string; flowId: string; graph: unknown; baseRevision: number; name?: string | undefined; plan?: Plan | undefined },
): Promise<{ draftRevision: number; validation: FlowValidationSummary }> {
  const flow = await findFlow(db, input);
  const updated = await db.flow.updateMany({
    where: { id: flow.id, workspaceId: input.workspaceId, draftRevision: input.baseRevision },
    data: { graph: input.graph as object, draftRevision: { increment: 1 }, ...(input.name ? { name: input.name.trim() } : {}) },
  });
  if (updated.count === 0) {
    throw new DomainError(
      "CONFLICT",
      "This flow was saved from another tab or by someone else since you opened it. Reload to see their changes before saving again.",
      { currentRevision: flow.draftRevision },
    );
  }
  const validation = validateForPlan(input.graph, { intents: await botIntentNames(db, { workspaceId: input.workspaceId, botId: flow.botId }), plan: input.plan });
  return { draftRevision: input.baseRevision + 1, validation };
}

/** The note of a version the product published on the owner's behalf (publishFirstFaqFlow); such a flow gives way to the first one the owner publishes. */
export const FIRST_FAQ_FLOW_NOTE = "Published automatically with the bot's first answers";

export interface FlowVersionSummary {
  id: string;
  botId: string;
  number: number;
  note: string | null;
  createdAt: Date;
  createdByName: string | null;
}

/** Refuses (PRECONDITION_FAILED, reason "planRequired") a graph with steps the plan cannot run, naming each. */
export function assertFlowFitsPlan(graph: unknown, plan: Plan, action: "publish" | "run"): void {
  const issues: PlanIssue[] = findPlanIssues(graph, plan);
  if (issues.length === 0) return;
  const list = issues.slice(0, 5).map((issue) => issue.message).join(" ");
  const what = action === "publish" ? "publishing" : "making it the one your widget runs";
  throw new DomainError("PRECONDITION_FAILED", `This flow uses ${issues.length} step(s) your plan does not include; change them before ${what}. ${list}`, {
    reason: "planRequired",
    plan,
    errors: issues,
  });
}

/**
 * Compiles the draft and stores it as the next immutable version; refuses an
 * invalid graph with the validator's errors, and a graph the workspace's plan
 * cannot run (a step or an AI model outside it) with the plan's.
 */
export async function publishFlow(
  db: Db,
  input: { workspaceId: string; flowId: string; userId: string | null; plan: Plan; note?: string | undefined },
): Promise<FlowVersionSummary> {
  const flow = await findFlow(db, input);
  assertFlowFitsPlan(flow.graph, input.plan, "publish");
  const compiled = compileFlow(flow.graph, { intents: await botIntentNames(db, { workspaceId: input.workspaceId, botId: flow.botId }) });
  if (!compiled.ok) {
    const list = compiled.errors.slice(0, 5).map((e) => e.message).join(" ");
    throw new DomainError("PRECONDITION_FAILED", `The flow has ${compiled.errors.length} problem(s) to fix before publishing. ${list}`, { errors: compiled.errors, warnings: compiled.warnings });
  }
  return storeVersion(db, { workspaceId: input.workspaceId, flowId: flow.id, botId: flow.botId, userId: input.userId, graph: flow.graph, machine: compiled.machine, note: input.note ?? null });
}

async function storeVersion(
  db: Db,
  /** userId null: a version the server published itself (the plan's fallback flow after a downgrade). */
  input: { workspaceId: string; flowId: string; botId: string; userId: string | null; graph: unknown; machine: unknown; note: string | null },
): Promise<FlowVersionSummary> {
  const version = await db.$transaction(async (tx) => {
    // Serialise publishes of one flow so version numbers stay gap-free.
    await tx.$queryRaw`SELECT id FROM "Flow" WHERE id = ${input.flowId}::uuid FOR UPDATE`;
    const last = await tx.flowVersion.findFirst({ where: { flowId: input.flowId }, orderBy: { number: "desc" }, select: { number: true } });
    const created = await tx.flowVersion.create({
      data: {
        workspaceId: input.workspaceId,
        flowId: input.flowId,
        number: (last?.number ?? 0) + 1,
        graph: input.graph as object,
        machine: input.machine as object,
        note: input.note,
        createdById: input.userId,
      },
    });
    // The first flow the owner publishes becomes the one the bot's widget runs: in place of none, or of
    // the FAQ flow the product published by itself (publishFirstFaqFlow) and nobody has published since.
    await tx.bot.updateMany({
      where: {
        id: input.botId,
        // `none` with an explicit IS NULL: "every note equals" would let a null note through (SQL's three-valued NOT).
        OR: [{ activeFlowId: null }, { activeFlow: { is: { versions: { none: { OR: [{ note: null }, { note: { not: FIRST_FAQ_FLOW_NOTE } }] } } } } }],
      },
      data: { activeFlowId: input.flowId },
    });
    await tx.auditLog.create({ data: { workspaceId: input.workspaceId, userId: input.userId, action: "flow.published", targetType: "Flow", targetId: input.flowId, metadata: { number: created.number } } });
    return created;
  });
  const author = input.userId ? await db.user.findUnique({ where: { id: input.userId }, select: { name: true } }) : null;
  return { id: version.id, botId: input.botId, number: version.number, note: version.note, createdAt: version.createdAt, createdByName: author?.name ?? null };
}

export async function listVersions(db: Db, scope: { workspaceId: string; flowId: string }): Promise<FlowVersionSummary[]> {
  const flow = await findFlow(db, scope);
  const versions = await db.flowVersion.findMany({ where: { flowId: scope.flowId, workspaceId: scope.workspaceId }, orderBy: { number: "desc" } });
  const authorIds = [...new Set(versions.map((v) => v.createdById).filter((id): id is string => id !== null))];
  const authors = await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true } });
  const nameOf = new Map(authors.map((a) => [a.id, a.name]));
  return versions.map((v) => ({ id: v.id, botId: flow.botId, number: v.number, note: v.note, createdAt: v.createdAt, createdByName: v.createdById ? (nameOf.get(v.createdById) ?? null) : null }));
}

export async function getVersion(db: Db, scope: { workspaceId: string; flowId: string; number: number }) {
  const version = await db.flowVersion.findFirst({ where: { flowId: scope.flowId, workspaceId: scope.workspaceId, number: scope.number } });
  if (!version) throw notFound(`Version ${scope.number} of this flow`);
  return { id: version.id, number: version.number, note: version.note, createdAt: version.createdAt, graph: version.graph, machine: version.machine };
}

/** Re-publishes an old version's graph and compiled machine unchanged as the newest version. The draft is left as it is. */
export async function rollbackFlow(db: Db, input: { workspaceId: string; flowId: string; userId: string; number: number; plan: Plan }): Promise<FlowVersionSummary> {
  const flow = await findFlow(db, input);
  const old = await getVersion(db, input);
  assertFlowFitsPlan(old.graph, input.plan, "publish");
  return storeVersion(db, { workspaceId: input.workspaceId, flowId: flow.id, botId: flow.botId, userId: input.userId, graph: old.graph, machine: old.machine, note: `Rollback to version ${old.number}` });
}

export async function setActiveFlow(db: Db, input: { workspaceId: string; botId: string; flowId: string; plan: Plan }): Promise<void> {
  await assertBotInWorkspace(db, input);
  const flow = await db.flow.findFirst({
    where: { id: input.flowId, botId: input.botId, workspaceId: input.workspaceId },
    select: { id: true, versions: { select: { graph: true }, orderBy: { number: "desc" }, take: 1 } },
  });
  if (!flow) throw notFound("Flow");
  const latest = flow.versions[0];
  if (!latest) throw new DomainError("PRECONDITION_FAILED", "Publish this flow before making it the one your widget runs.");
  assertFlowFitsPlan(latest.graph, input.plan, "run");
  await db.bot.update({ where: { id: input.botId }, data: { activeFlowId: flow.id } });
}

export const FLOW_EXPORT_FORMAT = "chatwright-flow";

/** A portable file: the draft graph and the intents it uses, so it can be imported into another bot. */
export async function exportFlow(db: Db, scope: { workspaceId: string; flowId: string }) {
  const flow = await findFlow(db, scope);
  const intents = await db.intent.findMany({ where: { botId: flow.botId, workspaceId: scope.workspaceId }, select: { name: true, examples: true }, orderBy: { name: "asc" } });
  return { format: FLOW_EXPORT_FORMAT, version: 1, name: flow.name, graph: flow.graph, intents };
}

/** Imports an exported file as a new draft of the bot; the file is checked first and nothing is written when it is not a flow. */
export async function importFlow(db: Db, input: { workspaceId: string; botId: string; file: string; plan?: Plan | undefined }): Promise<FlowDetail> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.file);
  } catch {
    throw new DomainError("BAD_REQUEST", "This file is not valid JSON. Export a flow from Chatwright and import that file.");
  }
  const candidate = typeof parsed === "object" && parsed !== null && "graph" in parsed ? parsed.graph : parsed;
  const graph = flowGraphSchema.safeParse(candidate);
  if (!graph.success) {
    const first = graph.error.issues[0];
    throw new DomainError("BAD_REQUEST", `This file is not a Chatwright flow${first ? ` (${first.path.join(".") || "file"}: ${first.message})` : ""}.`);
  }
  const name = typeof parsed === "object" && parsed !== null && "name" in parsed && typeof parsed.name === "string" ? parsed.name.slice(0, 80) : "Imported flow";
  const intents =
    typeof parsed === "object" && parsed !== null && "intents" in parsed && Array.isArray(parsed.intents)
      ? parsed.intents.flatMap((i: unknown) =>
          typeof i === "object" && i !== null && "name" in i && typeof i.name === "string" && "examples" in i && Array.isArray(i.examples)
            ? [{ name: i.name.slice(0, 100), examples: i.examples.filter((e: unknown): e is string => typeof e === "string").slice(0, 200) }]
            : [],
        )
      : [];
  await assertBotInWorkspace(db, input);
  const flow = await db.$transaction(async (tx) => {
    for (const intent of intents) {
      await tx.intent.upsert({
        where: { botId_name: { botId: input.botId, name: intent.name } },
        create: { workspaceId: input.workspaceId, botId: input.botId, name: intent.name, examples: intent.examples },
        update: {},
      });
    }
    return tx.flow.create({ data: { workspaceId: input.workspaceId, botId: input.botId, name, graph: graph.data as object } });
  });
  return getFlow(db, { workspaceId: input.workspaceId, flowId: flow.id, plan: input.plan });
}
