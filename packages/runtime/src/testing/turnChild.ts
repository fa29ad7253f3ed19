// A server process stand-in for the SIGKILL test (turnLease.db.test.ts): it
// sends one visitor message whose AI reply never comes, prints "accepted" once
// the message is stored, and waits to be killed.
import { createDbClients } from "@chatwright/db";
import { createInProcessPublisher } from "../createInProcessPublisher";
import { createRuntime } from "../createRuntime";
import { aiServices } from "./aiFlow";

const [url, conversationId, clientMessageId] = process.argv.slice(2);
if (!url || !conversationId || !clientMessageId) throw new Error("usage: turnChild <database url> <conversation id> <client message id>");
const clients = createDbClients({ url, maxConnections: 2 });
const publisher = createInProcessPublisher();
const runtime = createRuntime({ pool: clients.pool, publisher, servicesFor: () => aiServices(() => new Promise<void>(() => undefined)), turnLeaseMs: 1000 });
publisher.subscribe(conversationId, (event) => {
  if (event.type === "message" && event.message.role === "VISITOR") process.stdout.write("accepted\n");
});
void runtime.sendVisitorMessage({ conversationId, text: "Do you ship to Norway?", clientMessageId });
