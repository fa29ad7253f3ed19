import { describe, expect, test } from "vitest";
import { compileFlow } from "./compileFlow.ts";
import { createKeywordServices, type FetchLike } from "./createKeywordServices.ts";
import { listFlowTemplates, type FlowTemplate } from "./templates.ts";
import { Conversation, machineFor, messagesOf } from "./testing/flowBuilder.ts";
import { validateFlow } from "./validateFlow.ts";

const templates = listFlowTemplates();

function template(id: string): FlowTemplate {
  const found = templates.find((t) => t.id === id);
  if (!found) throw new Error(`no template ${id}`);
  return found;
}

interface FakeCall {
  url: string;
  method: string;
  body?: string;
}

/** A fake shop API: orders whose number ends in 0 do not exist. */
function fakeShopApi(calls: FakeCall[]): FetchLike {
  return (url, init) => {
    calls.push({ url, method: init.method, ...(init.body !== undefined ? { body: init.body } : {}) });
    const match = /\/orders\/([^/?]+)$/.exec(url);
    const order = match?.[1] ? decodeURIComponent(match[1]) : undefined;
    if (order?.endsWith("0")) return Promise.resolve({ status: 404, text: () => Promise.resolve('{"error":"not found"}') });
    const body = order ? { order: { status: "shipped", estimatedDelivery: "Friday" } } : { ok: true };
    return Promise.resolve({ status: 200, text: () => Promise.resolve(JSON.stringify(body)) });
  };
}

function chatFor(id: string, calls: FakeCall[] = []): Conversation {
  const t = template(id);
  const services = createKeywordServices({
    intents: t.intents,
    faqs: t.knowledge.map((entry, index) => ({ id: `kb${index}`, ...entry })),
    fetch: fakeShopApi(calls),
  });
  return new Conversation(machineFor(t.graph, services, { intents: t.intents.map((i) => i.name) }), { variables: { visitor_name: "Ann" } });
}

describe("flow templates", () => {
  test("there are at least six, with unique ids", () => {
    expect(templates.length).toBeGreaterThanOrEqual(6);
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
  });

  test.each(templates.map((t) => [t.id, t] as const))("%s validates without errors and compiles", (_id, t) => {
    const intents = t.intents.map((i) => i.name);
    expect(validateFlow(t.graph, { intents }).errors).toEqual([]);
    const compiled = compileFlow(t.graph, { intents });
    expect(compiled.ok).toBe(true);
  });

  test("intents listed by each template are the ones its Intent nodes use", () => {
    for (const t of templates) {
      const used = new Set(t.graph.nodes.flatMap((node) => (node.type === "intent" && typeof node.data === "object" && node.data && "intents" in node.data && Array.isArray(node.data.intents) ? node.data.intents : [])));
      expect([...used].sort()).toEqual(t.intents.map((i) => i.name).sort());
    }
  });

  test("order-status: validated order number, lookup, status; unknown order goes to a person", async () => {
    const calls: FakeCall[] = [];
    const chat = chatFor("order-status", calls);
    expect(messagesOf(await chat.start())).toEqual(["Hi! I can check where your order is.", "What's your order number? It looks like A-12345."]);
    expect(messagesOf(await chat.say("my order"))).toEqual([expect.stringContaining("doesn't look like an order number")]);
    const found = await chat.say("A-12345");
    expect(calls.at(-1)).toEqual({ url: "https://api.example-shop.com/orders/A-12345", method: "GET" });
    expect(messagesOf(found)).toEqual(["Order A-12345 is shipped. Expected delivery: Friday."]);
    const again = await chat.say("Check another order");
    expect(messagesOf(again)).toEqual(["What's your order number? It looks like A-12345."]);
    const missing = await chat.say("A-10000");
    expect(missing.status).toBe("handoff");
    const resolved = await chat.turn({ type: "AGENT_RESOLVE" });
    expect(messagesOf(resolved)[0]).toBe("Thanks for chatting with us!");
    expect((await chat.say("5")).status).toBe("ended");
  });

  test("returns-refunds: answers from the policy, hands over on request", async () => {
    const chat = chatFor("returns-refunds");
    await chat.start();
    const answer = await chat.say("When will I get my refund?");
    expect(messagesOf(answer)).toEqual([expect.stringContaining("5 working days"), expect.stringContaining("Anything else")]);
    const person = await chat.say("I want to talk to a human");
    expect(person.status).toBe("handoff");
    const back = await chat.turn({ type: "AGENT_RETURN" });
    expect(back).toMatchObject({ status: "waiting", activeNodeId: "question" });
    expect((await chat.say("do you sell bicycles")).status).toBe("handoff");
  });

  test("shipping-questions: FAQ answer, then the no-AI message for unknown questions", async () => {
    const chat = chatFor("shipping-questions");
    await chat.start();
    expect(messagesOf(await chat.say("How much does shipping cost?"))).toEqual([expect.stringContaining("free over 50 EUR"), "Anything else I can help with?"]);
    const unknown = await chat.say("Can you gift wrap my present?");
    expect(messagesOf(unknown)).toEqual([expect.stringContaining("I'm not sure about that one")]);
    expect(unknown.status).toBe("waiting");
  });

  test("product-finder: type and budget, AI offline message, then an expert on request", async () => {
    const chat = chatFor("product-finder");
    await chat.start();
    await chat.say("running shoes");
    expect(messagesOf(await chat.say("cheap"))).toEqual(["Please give your budget as a number, e.g. 80."]);
    const offer = await chat.say("80");
    expect(offer.variables).toMatchObject({ product_type: "running shoes", budget: "80" });
    expect(messagesOf(offer)).toEqual([expect.stringContaining("bestsellers for running shoes"), "Would you like to talk to a product expert?"]);
    expect((await chat.say("Yes please")).status).toBe("handoff");
  });

  test("lead-capture: name, validated email, topic, webhook with JSON-escaped values", async () => {
    const calls: FakeCall[] = [];
    const chat = chatFor("lead-capture", calls);
    await chat.start();
    expect(messagesOf(await chat.say("Ann \"the\" Owner"))).toEqual(['Thanks Ann "the" Owner! What\'s your email address?']);
    expect(messagesOf(await chat.say("ann at shop"))).toEqual(["That doesn't look like an email address. Could you check it?"]);
    await chat.say("Ann@Example.com");
    const done = await chat.say("wholesale prices");
    expect(JSON.parse(calls[0]?.body ?? "")).toEqual({ name: 'Ann "the" Owner', email: "ann@example.com", topic: "wholesale prices", source: "chat" });
    expect(messagesOf(done)).toEqual(['Thanks Ann "the" Owner! We\'ll email ann@example.com within one business day.']);
    expect(done.status).toBe("ended");
  });

  test("greeting-router: routes orders, shipping, people and unknown questions", async () => {
    const calls: FakeCall[] = [];
    const chat = chatFor("greeting-router", calls);
    expect(messagesOf(await chat.start())).toEqual([expect.stringContaining("Hi Ann!")]);
    expect(messagesOf(await chat.say("where is my order?"))).toEqual([expect.stringContaining("What's your order number?")]);
    expect(messagesOf(await chat.say("B-77777"))).toEqual(["Order B-77777 is shipped. Anything else?"]);
    expect(messagesOf(await chat.say("how long does delivery take?"))).toEqual([expect.stringContaining("2-4 working days")]);
    expect(messagesOf(await chat.say("which product should I buy for hiking"))).toEqual([expect.stringContaining("product advisor is offline")]);
    expect(messagesOf(await chat.say("what is the meaning of life"))).toEqual([expect.stringContaining("couldn't find an answer")]);
    const human = await chat.say("speak to an agent");
    expect(human.status).toBe("handoff");
    expect(human.variables.intent).toBe("talk_to_human");
  });
});
