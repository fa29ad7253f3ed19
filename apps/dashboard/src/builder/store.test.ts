import { describe, expect, it } from "vitest";
import { findShapeProblems } from "./graph";
import { createBuilderStore, type BuilderStore } from "./store";

function newStore(tick = 5000): BuilderStore {
  let clock = 0;
  // By default each action 5 s apart, so nothing merges in history unless a test says so.
  const store = createBuilderStore({ now: () => (clock += tick) });
  store.getState().loadGraph({ schemaVersion: 1, nodes: [{ id: "start", type: "start", position: { x: 0, y: 0 }, data: { greeting: "Hi" } }], edges: [] });
  return store;
}

function expectValidShape(store: BuilderStore) {
  const { nodes, edges } = store.getState();
  expect(findShapeProblems({ nodes, edges })).toEqual([]);
}

function buildStartListenIntent(store: BuilderStore) {
  const s = store.getState();
  const listen = s.addNode("listen", { x: 0, y: 150 });
  const intent = s.addNode("intent", { x: 0, y: 300 });
  const faq = s.addNode("faq", { x: -150, y: 450 });
  const handoff = s.addNode("handoff", { x: 150, y: 450 });
  s.onConnect({ source: "start", sourceHandle: "next", target: listen, targetHandle: null });
  s.onConnect({ source: listen, sourceHandle: "next", target: intent, targetHandle: null });
  s.onConnect({ source: intent, sourceHandle: "order_status", target: faq, targetHandle: null });
  s.onConnect({ source: intent, sourceHandle: "fallback", target: handoff, targetHandle: null });
  return { listen, intent, faq, handoff };
}

describe("builder store", () => {
  it("adds nodes with their type's defaults and fresh valid ids", () => {
    const store = newStore();
    const first = store.getState().addNode("faq", { x: 10, y: 20 });
    const second = store.getState().addNode("faq", { x: 10, y: 20 });
    expect(first).toBe("faq-1");
    expect(second).toBe("faq-2");
    expect(store.getState().nodes.find((n) => n.id === first)).toMatchObject({ type: "faq", data: { topK: 3, answerMode: "direct" } });
    // Defaults are copied, never shared between nodes.
    expect(store.getState().nodes.find((n) => n.id === first)?.data).not.toBe(store.getState().nodes.find((n) => n.id === second)?.data);
    expectValidShape(store);
  });

  it("connects outputs to nodes, one edge per output, and refuses handles a node does not have", () => {
    const store = newStore();
    const { intent, faq, handoff } = buildStartListenIntent(store);
    expect(store.getState().edges).toHaveLength(4);
    const targetsOfOrderStatus = () => store.getState().edges.filter((e) => e.source === intent && e.sourceHandle === "order_status").map((e) => e.target);
    // A second link from a linked output asks first; nothing changes until the owner says yes.
    store.getState().onConnect({ source: intent, sourceHandle: "order_status", target: handoff, targetHandle: null });
    expect(targetsOfOrderStatus()).toEqual([faq]);
    expect(store.getState().pendingConnection).toMatchObject({ edge: { target: handoff }, replaced: { target: faq } });
    store.getState().cancelConnection();
    expect(store.getState().pendingConnection).toBeNull();
    expect(targetsOfOrderStatus()).toEqual([faq]);
    store.getState().onConnect({ source: intent, sourceHandle: "order_status", target: handoff, targetHandle: null });
    store.getState().confirmConnection();
    expect(targetsOfOrderStatus()).toEqual([handoff]);
    expect(store.getState().pendingConnection).toBeNull();
    // One undo step brings the old link back.
    store.getState().undo();
    expect(targetsOfOrderStatus()).toEqual([faq]);
    store.getState().onConnect({ source: intent, sourceHandle: "no_such_intent", target: faq, targetHandle: null });
    store.getState().onConnect({ source: faq, sourceHandle: "answered", target: "start", targetHandle: null });
    store.getState().onConnect({ source: "ghost", sourceHandle: "next", target: faq, targetHandle: null });
    expect(store.getState().edges).toHaveLength(4);
    expectValidShape(store);
  });

  it("revalidates live: a missing connection is an error on that node until it is connected", () => {
    const store = newStore();
    const { faq, listen } = buildStartListenIntent(store);
    const faqErrors = () => store.getState().validation.errors.filter((issue) => issue.nodeId === faq);
    expect(faqErrors().length).toBeGreaterThan(0);
    store.getState().onConnect({ source: faq, sourceHandle: "answered", target: listen, targetHandle: null });
    store.getState().onConnect({ source: faq, sourceHandle: "notFound", target: listen, targetHandle: null });
    expect(faqErrors()).toEqual([]);
  });

  it("drops the edges of an output that disappears when an intent is unchosen", () => {
    const store = newStore();
    const { intent } = buildStartListenIntent(store);
    store.getState().updateNodeData(intent, { intents: ["refund"], threshold: 0.5 });
    expect(store.getState().edges.some((e) => e.source === intent && e.sourceHandle === "order_status")).toBe(false);
    expect(store.getState().edges.some((e) => e.source === intent && e.sourceHandle === "fallback")).toBe(true);
    expectValidShape(store);
  });

  it("deletes selected nodes with their edges, and selected edges alone", () => {
    const store = newStore();
    const { intent, listen } = buildStartListenIntent(store);
    store.getState().selectNode(intent);
    store.getState().deleteSelected();
    expect(store.getState().nodes.some((n) => n.id === intent)).toBe(false);
    expect(store.getState().edges.some((e) => e.source === intent || e.target === intent)).toBe(false);
    expectValidShape(store);
    // React Flow's own Delete key goes through onNodesChange / onEdgesChange.
    store.getState().onEdgesChange([{ type: "remove", id: store.getState().edges[0]?.id ?? "" }]);
    store.getState().onNodesChange([{ type: "remove", id: listen }]);
    expect(store.getState().edges).toEqual([]);
    expectValidShape(store);
  });

  it("undoes React Flow's Delete key (edges, then the node, in one call) in one step", async () => {
    const store = newStore(1);
    const { handoff } = buildStartListenIntent(store);
    const connected = store.getState().edges.filter((e) => e.source === handoff || e.target === handoff);
    expect(connected).toHaveLength(1);
    store.getState().onEdgesChange(connected.map((e) => ({ type: "remove" as const, id: e.id })));
    store.getState().onNodesChange([{ type: "remove", id: handoff }]);
    await Promise.resolve();
    store.getState().undo();
    expect(store.getState().nodes.some((n) => n.id === handoff)).toBe(true);
    expect(store.getState().edges.filter((e) => e.target === handoff)).toHaveLength(1);
    // A later deletion is its own step.
    store.getState().onNodesChange([{ type: "remove", id: handoff }]);
    await Promise.resolve();
    store.getState().onNodesChange([{ type: "remove", id: "start" }]);
    store.getState().undo();
    expect(store.getState().nodes.some((n) => n.id === "start")).toBe(true);
    expect(store.getState().nodes.some((n) => n.id === handoff)).toBe(false);
  });

  it("undoes and redoes every command, back to the loaded graph and forward again", () => {
    const store = newStore();
    const loaded = store.getState().toGraph();
    buildStartListenIntent(store);
    store.getState().autoLayout();
    const built = store.getState().toGraph();
    for (let i = 0; i < 9; i++) store.getState().undo();
    expect(store.getState().toGraph()).toEqual(loaded);
    store.getState().undo();
    expect(store.getState().toGraph()).toEqual(loaded);
    for (let i = 0; i < 9; i++) {
      store.getState().redo();
      expectValidShape(store);
    }
    expect(store.getState().toGraph()).toEqual(built);
  });

  it("makes one undo step of typing in one field and of one drag", () => {
    let clock = 0;
    const store = createBuilderStore({ now: () => (clock += 100) });
    store.getState().loadGraph({ schemaVersion: 1, nodes: [{ id: "m", type: "message", position: { x: 0, y: 0 }, data: { text: "" } }], edges: [] });
    for (const text of ["H", "He", "Hel", "Hell", "Hello"]) store.getState().updateNodeData("m", { text });
    store.getState().onNodesChange([{ type: "position", id: "m", position: { x: 5, y: 5 }, dragging: true }]);
    store.getState().onNodesChange([{ type: "position", id: "m", position: { x: 50, y: 50 }, dragging: true }]);
    store.getState().onNodesChange([{ type: "position", id: "m", position: { x: 80, y: 80 }, dragging: false }]);
    store.getState().undo();
    expect(store.getState().nodes[0]).toMatchObject({ position: { x: 0, y: 0 }, data: { text: "Hello" } });
    store.getState().undo();
    expect(store.getState().nodes[0]?.data).toEqual({ text: "" });
  });

  it("copies and pastes a selection with new ids and its inner edges only, repeatedly", () => {
    const store = newStore();
    const { listen, intent } = buildStartListenIntent(store);
    store.getState().selectNode(listen);
    store.getState().onNodesChange([{ type: "select", id: intent, selected: true }]);
    expect(store.getState().copySelected()).toBe(2);
    expect(store.getState().paste()).toBe(2);
    expect(store.getState().paste()).toBe(2);
    const { nodes, edges } = store.getState();
    expect(nodes).toHaveLength(9);
    expect(nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(["listen-3", "intent-3"]);
    expect(edges.filter((e) => e.source === "listen-2")).toEqual([expect.objectContaining({ target: "intent-2", sourceHandle: "next" })]);
    expect(edges.some((e) => e.source.startsWith("intent-2"))).toBe(false);
    expectValidShape(store);
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().nodes).toHaveLength(5);
    expectValidShape(store);
  });

  it("changes nothing in a read-only version view", () => {
    const store = newStore();
    store.getState().loadGraph({ schemaVersion: 1, nodes: [{ id: "start", type: "start", position: { x: 0, y: 0 }, data: {} }], edges: [] }, { isReadOnly: true });
    store.getState().addNode("faq", { x: 0, y: 0 });
    store.getState().onNodesChange([{ type: "remove", id: "start" }]);
    expect(store.getState().nodes.map((n) => n.id)).toEqual(["start"]);
    expect(store.getState().changeCount).toBe(0);
  });

  it("loads a messy stored graph without breaking: unknown types and dangling edges are left out", () => {
    const store = newStore();
    const { droppedCount } = store.getState().loadGraph({
      schemaVersion: 1,
      nodes: [
        { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
        { id: "weird", type: "teleport", position: { x: 0, y: 0 }, data: {} },
        { id: "start", type: "end", position: { x: 0, y: 0 }, data: {} },
      ],
      edges: [{ id: "e", source: "start", sourceHandle: "next", target: "weird" }, "junk"],
    });
    expect(droppedCount).toBe(4);
    expectValidShape(store);
  });
});
