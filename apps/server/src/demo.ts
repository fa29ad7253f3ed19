import type { Db, DbClients } from "@chatwright/db";
import { compileFlow, getFlowTemplate } from "@chatwright/flow";
import { ingestSource } from "@chatwright/knowledge";

export const DEMO_WORKSPACE_NAME = "Demo shop";
const DEMO_BOT_NAME = "Demo shop assistant";
const DEMO_TEMPLATE = "greeting-router";

/**
 * The bot behind /demo, so the product can be tried right after start. It
 * lives in a workspace with no members (nobody signs in to it); its allowed
 * origins are set to this server's own origins on every start, because the
 * port may change. Returns the bot's public key.
 */
export async function ensureDemoBot(clients: { prisma: Db; pool: DbClients["pool"] }, options: { origins: string[] }): Promise<string> {
  const db = clients.prisma;
  const existing = await db.bot.findFirst({
    where: { name: DEMO_BOT_NAME, workspace: { name: DEMO_WORKSPACE_NAME, memberships: { none: {} } } },
    select: { id: true, publicKey: true },
  });
  if (existing) {
    await db.bot.update({ where: { id: existing.id }, data: { allowedOrigins: options.origins } });
    return existing.publicKey;
  }
  const template = getFlowTemplate(DEMO_TEMPLATE);
  if (!template) throw new Error(`The demo needs the ${DEMO_TEMPLATE} flow template.`);
  const compiled = compileFlow(template.graph, { intents: template.intents.map((i) => i.name) });
  if (!compiled.ok) throw new Error(`The ${DEMO_TEMPLATE} template does not compile: ${compiled.errors.map((e) => e.message).join(" ")}`);
  const bot = await db.$transaction(async (tx) => {
    const workspace = await tx.workspace.create({ data: { name: DEMO_WORKSPACE_NAME, plan: "PRO" } });
    const created = await tx.bot.create({
      data: {
        workspaceId: workspace.id,
        name: DEMO_BOT_NAME,
        publicKey: `pk_demo_${crypto.randomUUID().replaceAll("-", "")}`,
        allowedOrigins: options.origins,
        theme: { primaryColor: "#0f766e", position: "right", title: "Demo shop help", greeting: "Questions about orders, returns or shipping?", avatarUrl: null },
      },
    });
    for (const intent of template.intents) {
      await tx.intent.create({ data: { workspaceId: workspace.id, botId: created.id, name: intent.name, examples: intent.examples } });
    }
    const flow = await tx.flow.create({ data: { workspaceId: workspace.id, botId: created.id, name: template.name, graph: template.graph as object } });
    await tx.flowVersion.create({
      data: { workspaceId: workspace.id, flowId: flow.id, number: 1, graph: template.graph as object, machine: compiled.machine as object, note: "Demo" },
    });
    await tx.bot.update({ where: { id: created.id }, data: { activeFlowId: flow.id } });
    return created;
  });
  if (template.knowledge.length > 0) {
    await ingestSource(clients.pool, {
      workspaceId: bot.workspaceId,
      botId: bot.id,
      kind: "FAQ",
      title: "Demo shop FAQ",
      file: { name: "demo-faq.json", text: JSON.stringify(template.knowledge) },
    });
  }
  return bot.publicKey;
}

/** A small fake shop page; the shop's own CSS is deliberately loud to show it does not reach the widget. */
export function renderDemoPage(botKey: string): string {
  const key = botKey.replace(/[^A-Za-z0-9_-]/g, "");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo shop — Chatwright</title>
<style>
  body { font-family: Georgia, serif; margin: 0; background: #fdf6ec; color: #3b2f2f; }
  header { background: #3b2f2f; color: #fdf6ec; padding: 1rem 2rem; }
  main { max-width: 56rem; margin: 2rem auto; padding: 0 1rem; display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 1.5rem; }
  .product { background: #fff; border: 1px solid #e6d5bf; padding: 1rem; }
  .product b { display: block; font-size: 1.2rem; }
  button, div { border-radius: 0 !important; }
  p.note { grid-column: 1 / -1; }
</style>
</head>
<body>
<header><h1>Demo shop</h1><p>Loose-leaf tea since 2026 — try the chat in the corner.</p></header>
<main>
  <p class="note">Ask about shipping, returns or an order (e.g. “where is my order A-12345”), or ask for a person.</p>
  <div class="product"><b>Sencha</b>Green, grassy, 50 g — €8</div>
  <div class="product"><b>Assam</b>Malty breakfast tea, 100 g — €7</div>
  <div class="product"><b>Rooibos</b>Caffeine-free, 100 g — €6</div>
</main>
<script src="/widget.js" data-bot="${key}" async></script>
</body>
</html>`;
}
