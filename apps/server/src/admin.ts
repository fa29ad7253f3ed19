// Operator commands: `npm run admin -- set-plan <workspace id or name> <plan>`.
import { createDbClients, openDatabase } from "@chatwright/db";
import { PLANS, setWorkspacePlan } from "@chatwright/api";
import { readServerEnv } from "./env";

const usage = `Usage: npm run admin -- set-plan <workspace id or exact name> <${PLANS.join("|")}>`;

const [command, workspaceArg, planArg] = process.argv.slice(2);
if (command !== "set-plan" || !workspaceArg || !planArg) {
  console.error(usage);
  process.exit(2);
}
const plan = PLANS.find((p) => p === planArg.toUpperCase());
if (!plan) {
  console.error(`Unknown plan "${planArg}". ${usage}`);
  process.exit(2);
}

const env = readServerEnv();
const database = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir });
const clients = createDbClients({ url: database.url, maxConnections: 1 });
try {
  const isId = /^[0-9a-f-]{36}$/i.test(workspaceArg);
  const matches = await clients.prisma.workspace.findMany({ where: isId ? { id: workspaceArg } : { name: workspaceArg }, select: { id: true, name: true } });
  const [only] = matches;
  if (!only || matches.length > 1) {
    console.error(matches.length ? `Several workspaces are named "${workspaceArg}"; use the id: ${matches.map((m) => m.id).join(", ")}` : `No workspace "${workspaceArg}".`);
    process.exitCode = 1;
  } else {
    await setWorkspacePlan(clients.prisma, { workspaceId: only.id, plan });
    console.log(`Workspace "${only.name}" (${only.id}) is now on ${plan}.`);
  }
} finally {
  await clients.close();
  await database.stop();
}
