import { describe, expect, test } from "vitest";
import { compileFlow } from "./compileFlow.ts";
import { createFlowMachine } from "./createFlowMachine.ts";
import { createKeywordServices } from "./createKeywordServices.ts";
import { flowGraphSchema } from "./graph.ts";
import { getNodeType, isNodeTypeName } from "./nodes/registry.ts";
import { runFlowTurn } from "./runFlowTurn.ts";
import { createRandom, generateRandomGraph } from "./testing/randomGraph.ts";
import { validateFlow } from "./validateFlow.ts";

const services = createKeywordServices({
  intents: [
    { name: "order_status", examples: ["where is my order"] },
    { name: "refund", examples: ["money back"] },
    { name: "shipping", examples: ["delivery time"] },
  ],
  faqs: [{ id: "a", question: "How long does delivery take?", answer: "3 days" }],
  fetch: () => Promise.resolve({ status: 200, text: () => Promise.resolve('{"status":"shipped"}') }),
});

/** Damage we can see without the validator: each guarantees at least one error. */
function hasObviousDamage(graph: unknown): boolean {
  const parsed = flowGraphSchema.safeParse(graph);
  if (!parsed.success) return true;
  const ids = parsed.data.nodes.map((node) => node.id);
  if (new Set(ids).size !== ids.length) return true;
  for (const node of parsed.data.nodes) {
    if (!isNodeTypeName(node.type) || node.id.includes(".")) return true;
    if (!getNodeType(node.type).dataSchema.safeParse(node.data).success) return true;
  }
  return parsed.data.edges.some((edge) => edge.target === "ghost" || edge.sourceHandle === "nonsense");
}

const SEEDS = 400;

describe("random graphs", () => {
  test.each([0, 0.6])("never crash validateFlow / compileFlow; damaged graphs report errors (damage %s)", (damage) => {
    let damaged = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const graph = generateRandomGraph(createRandom(seed), { damage });
      const validation = validateFlow(graph);
      const compiled = compileFlow(graph);
      expect(compiled.ok, `seed ${seed}`).toBe(validation.errors.length === 0);
      if (hasObviousDamage(graph)) {
        damaged += 1;
        expect(validation.errors.length, `seed ${seed}`).toBeGreaterThan(0);
      }
      for (const issue of [...validation.errors, ...validation.warnings]) {
        expect(issue.message.length, `seed ${seed}`).toBeGreaterThan(10);
      }
    }
    if (damage > 0) expect(damaged).toBeGreaterThan(SEEDS / 10);
  });

  test("valid random graphs compile to JSON, hydrate and run turns", async () => {
    let ran = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const random = createRandom(seed * 7919);
      const graph = generateRandomGraph(random, { damage: 0 });
      const compiled = compileFlow(graph, { intents: ["order_status", "refund", "shipping"] });
      if (!compiled.ok) continue;
      ran += 1;
      const machine = createFlowMachine(JSON.parse(JSON.stringify(compiled.machine)), services);
      const first = await runFlowTurn({ machine, snapshot: undefined, event: undefined, maxSteps: 40 });
      expect(["waiting", "handoff", "ended", "error"]).toContain(first.status);
      const stored: unknown = JSON.parse(JSON.stringify(first.snapshot));
      const second = await runFlowTurn({ machine, snapshot: stored, event: { type: "VISITOR_MESSAGE", text: random() < 0.5 ? "where is my order" : "ann@shop.test" }, maxSteps: 40 });
      expect(["waiting", "handoff", "ended", "error"], `seed ${seed}`).toContain(second.status);
      if (second.status === "error") expect(second.outputs.some((o) => o.type === "message"), `seed ${seed}`).toBe(true);
      const third = await runFlowTurn({ machine, snapshot: JSON.parse(JSON.stringify(second.snapshot)), event: { type: "AGENT_RETURN" }, maxSteps: 40 });
      expect(["waiting", "handoff", "ended", "error"], `seed ${seed}`).toContain(third.status);
    }
    expect(ran).toBeGreaterThan(10);
  });
});
