import { describe, expect, test } from "vitest";
import { compileFlow } from "./compileFlow.ts";
import { createFlowMachine } from "./createFlowMachine.ts";
import { AI_NOT_CONFIGURED_MESSAGE, createKeywordServices } from "./createKeywordServices.ts";
import type { MachineConfigJSON } from "./machineConfig.ts";
import { runFlowTurn, type FlowOutput } from "./runFlowTurn.ts";
import type { FlowServices, GenerateRequest, HttpRequest, HttpResponse } from "./services.ts";
import { buildGraph, Conversation, machineFor, messagesOf, type EdgeSpec, type NodeSpec } from "./testing/flowBuilder.ts";

const FALLBACK = "Sorry, something went wrong on our side. Please try again in a moment.";
const start: NodeSpec = ["start", "start", {}];
const end: NodeSpec = ["end", "end", { askRating: false }];
const listen: NodeSpec = ["listen", "listen", { variable: "question" }];

const services = createKeywordServices({
  intents: [
    { name: "order_status", examples: ["where is my order", "track my package", "has my order shipped"] },
    { name: "refund", examples: ["I want my money back", "refund please", "return an item"] },
  ],
  faqs: [
    { id: "ship", question: "How long does shipping take?", answer: "Shipping takes 2-4 working days.", source: "faq.md" },
    { id: "pay", question: "Which payment methods do you accept?", answer: "We accept cards and PayPal." },
  ],
});

function withServices(overrides: Partial<FlowServices>): FlowServices {
  return { ...services, ...overrides };
}

function streamingGenerate(reply: string, seen: GenerateRequest[] = []): FlowServices["generate"] {
  return (request) => {
    seen.push(request);
    for (const chunk of reply.match(/.{1,5}/g) ?? []) request.onToken(chunk);
    return Promise.resolve({ text: reply });
  };
}

function conversationFor(nodes: NodeSpec[], edges: EdgeSpec[], flowServices: FlowServices = services, maxSteps?: number): Conversation {
  return new Conversation(machineFor(buildGraph(nodes, edges), flowServices), maxSteps ? { maxSteps } : {});
}

function nodeEvents(outputs: FlowOutput[]): string[] {
  return outputs.flatMap((o) => (o.type === "nodeEntered" ? [`+${o.nodeId}`] : o.type === "nodeLeft" ? [`-${o.nodeId}`] : []));
}

describe("start and message", () => {
  test("greets, sends templated messages with quick replies, records analytics in order", async () => {
    const machine = machineFor(
      buildGraph(
        [["start", "start", { greeting: "Hi {{ visitor_name }}!" }], ["m", "message", { text: "Need help, {{ visitor_name }}?", quickReplies: ["Yes", "No {{ missing }}"] }], listen, end],
        [["start", "next", "m"], ["m", "next", "listen"], ["listen", "next", "end"]],
      ),
      withServices({ now: () => 1234 }),
    );
    const result = await runFlowTurn({ machine, snapshot: undefined, event: undefined, variables: { visitor_name: "Ann" } });
    expect(result.status).toBe("waiting");
    expect(result.activeNodeId).toBe("listen");
    expect(result.outputs.filter((o) => o.type === "message")).toEqual([
      { type: "message", nodeId: "start", text: "Hi Ann!" },
      { type: "message", nodeId: "m", text: "Need help, Ann?", quickReplies: ["Yes", "No "] },
    ]);
    expect(nodeEvents(result.outputs)).toEqual(["+start", "-start", "+m", "-m", "+listen"]);
    expect(result.outputs[0]).toEqual({ type: "nodeEntered", nodeId: "start", at: 1234 });
  });
});

describe("ask", () => {
  const ask: NodeSpec = ["ask", "ask", { question: "Your email?", validation: "email", variable: "email", retryMessage: "Hmm, that's not an email.", maxRetries: 1 }];
  const nodes: NodeSpec[] = [start, ask, ["ok", "message", { text: "Saved {{ email }}" }], ["bad", "message", { text: "Let's move on." }], end];
  const edges: EdgeSpec[] = [["start", "next", "ask"], ["ask", "next", "ok"], ["ask", "invalid", "bad"], ["ok", "next", "end"], ["bad", "next", "end"]];

  test("asks, re-asks on a bad answer, stores the normalized valid one", async () => {
    const chat = conversationFor(nodes, edges);
    expect(messagesOf(await chat.start())).toEqual(["Your email?"]);
    const retry = await chat.say("not an email");
    expect(retry).toMatchObject({ status: "waiting", activeNodeId: "ask" });
    expect(messagesOf(retry)).toEqual(["Hmm, that's not an email."]);
    const done = await chat.say("  Ann@Shop.TEST ");
    expect(messagesOf(done)).toEqual(["Saved ann@shop.test"]);
    expect(done.status).toBe("ended");
    expect(done.variables).toMatchObject({ email: "ann@shop.test", last_message: "  Ann@Shop.TEST " });
  });

  test("leaves through invalid after maxRetries re-asks", async () => {
    const chat = conversationFor(nodes, edges);
    await chat.start();
    expect(messagesOf(await chat.say("x"))).toEqual(["Hmm, that's not an email."]);
    const gaveUp = await chat.say("y");
    expect(messagesOf(gaveUp)).toEqual(["Let's move on."]);
    expect(gaveUp.variables.email).toBeUndefined();
  });

  test("without an invalid connection it keeps asking", async () => {
    const chat = conversationFor(nodes, edges.filter(([, handle]) => handle !== "invalid"));
    await chat.start();
    for (const attempt of ["a", "b", "c"]) expect(messagesOf(await chat.say(attempt))).toEqual(["Hmm, that's not an email."]);
  });
});

describe("listen and set", () => {
  test("stores the message and sets templated variables in order", async () => {
    const chat = conversationFor(
      [start, listen, ["set", "set", { assignments: [{ variable: "topic", value: "Q: {{ question }}" }, { variable: "both", value: "{{ topic }}!" }] }], ["m", "message", { text: "{{ both }}" }], end],
      [["start", "next", "listen"], ["listen", "next", "set"], ["set", "next", "m"], ["m", "next", "end"]],
    );
    expect(messagesOf(await chat.start())).toEqual([]);
    const result = await chat.say("hello there");
    expect(messagesOf(result)).toEqual(["Q: hello there!"]);
    expect(result.variables).toMatchObject({ question: "hello there", last_message: "hello there", topic: "Q: hello there" });
  });
});

describe("intent", () => {
  const nodes: NodeSpec[] = [
    start,
    listen,
    ["intent", "intent", { intents: ["order_status", "refund"], threshold: 0.4 }],
    ["track", "message", { text: "Let's track it ({{ intent }} {{ intent_confidence }})" }],
    ["other", "message", { text: "Not sure ({{ intent }})" }],
    end,
  ];
  const edges: EdgeSpec[] = [["start", "next", "listen"], ["listen", "next", "intent"], ["intent", "order_status", "track"], ["intent", "fallback", "other"], ["track", "next", "end"], ["other", "next", "end"]];

  test("routes to the handle named after the intent", async () => {
    const chat = conversationFor(nodes, edges);
    await chat.start();
    expect(messagesOf(await chat.say("Where is my order?"))).toEqual(["Let's track it (order_status 1)"]);
  });

  test("unmatched messages and intents without a connection go to fallback", async () => {
    const unknown = conversationFor(nodes, edges);
    await unknown.start();
    expect(messagesOf(await unknown.say("tell me a joke"))).toEqual(["Not sure ()"]);
    // "refund" is a known intent but its output is not connected.
    const unconnected = conversationFor(nodes, edges);
    await unconnected.start();
    const result = await unconnected.say("refund please");
    expect(messagesOf(result)).toEqual(["Not sure (refund)"]);
  });
});

describe("faq", () => {
  const nodes = (answerMode: "direct" | "llm"): NodeSpec[] => [
    start,
    listen,
    ["faq", "faq", { topK: 2, answerMode }],
    ["after", "message", { text: "Anything else? ({{ answer }})" }],
    ["none", "message", { text: "I don't know that one." }],
    end,
  ];
  const edges: EdgeSpec[] = [["start", "next", "listen"], ["listen", "next", "faq"], ["faq", "answered", "after"], ["faq", "notFound", "none"], ["after", "next", "end"], ["none", "next", "end"]];

  test("direct: answers with the best stored answer and its source", async () => {
    const chat = conversationFor(nodes("direct"), edges);
    await chat.start();
    const result = await chat.say("how long does shipping take");
    expect(result.outputs.filter((o) => o.type === "message")[0]).toEqual({
      type: "message",
      nodeId: "faq",
      text: "Shipping takes 2-4 working days.",
      sources: ["How long does shipping take?"],
    });
    expect(result.variables.answer).toBe("Shipping takes 2-4 working days.");
  });

  test("notFound when nothing relevant is stored", async () => {
    const chat = conversationFor(nodes("direct"), edges);
    await chat.start();
    expect(messagesOf(await chat.say("do you sell bicycles"))).toEqual(["I don't know that one."]);
  });

  test("reports which output the node took (analytics: answered vs notFound)", async () => {
    const chat = conversationFor(nodes("direct"), edges);
    await chat.start();
    const results = (outputs: FlowOutput[]) => outputs.flatMap((o) => (o.type === "nodeResult" ? [[o.nodeId, o.handle]] : []));
    expect(results((await chat.say("do you sell bicycles")).outputs)).toEqual([["faq", "notFound"]]);
  });

  test("llm: streams a generated answer from the passages", async () => {
    const seen: GenerateRequest[] = [];
    const chat = conversationFor(nodes("llm"), edges, withServices({ generate: streamingGenerate("About 3 days.", seen) }));
    await chat.start();
    const result = await chat.say("how long does shipping take");
    expect(result.outputs.filter((o) => o.type === "token").map((o) => o.text).join("")).toBe("About 3 days.");
    expect(messagesOf(result)[0]).toBe("About 3 days.");
    expect(seen[0]?.context?.[0]?.id).toBe("ship");
    expect(result.variables.answer).toBe("About 3 days.");
  });

  test("llm without a working model falls back to the stored answer", async () => {
    const chat = conversationFor(nodes("llm"), edges);
    await chat.start();
    const result = await chat.say("how long does shipping take");
    expect(messagesOf(result)[0]).toBe("Shipping takes 2-4 working days.");
    expect(result.status).toBe("ended");
  });
});

describe("llm", () => {
  const llm = (extra: object = {}): NodeSpec => [
    "llm",
    "llm",
    { prompt: "Customer asks: {{ question }}", systemPrompt: "Shop {{ shop }}", model: "openai/gpt-4o-mini", temperature: 0.2, maxTokens: 100, useKnowledge: false, saveAs: "reply", ...extra },
  ];
  const after: NodeSpec = ["after", "message", { text: "saved: {{ reply }}" }];
  const oops: NodeSpec = ["oops", "message", { text: "Our assistant is unavailable." }];

  test("streams tokens, then sends the full reply and saves it", async () => {
    const chat = conversationFor(
      [start, ["set", "set", { assignments: [{ variable: "shop", value: "Acme" }] }], listen, llm(), after, end],
      [["start", "next", "set"], ["set", "next", "listen"], ["listen", "next", "llm"], ["llm", "next", "after"], ["after", "next", "end"]],
      withServices({ generate: streamingGenerate("Hello from the model") }),
    );
    await chat.start();
    const result = await chat.say("hi?");
    const tokens = result.outputs.filter((o) => o.type === "token");
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.every((o) => o.nodeId === "llm")).toBe(true);
    expect(messagesOf(result)).toEqual(["Hello from the model", "saved: Hello from the model"]);
    const firstMessage = result.outputs.findIndex((o) => o.type === "message");
    expect(result.outputs.findIndex((o) => o.type === "token")).toBeLessThan(firstMessage);
  });

  test("passes the rendered prompt, system prompt and knowledge", async () => {
    const seen: GenerateRequest[] = [];
    const chat = conversationFor(
      [start, listen, llm({ useKnowledge: true }), after, end],
      [["start", "next", "listen"], ["listen", "next", "llm"], ["llm", "next", "after"], ["after", "next", "end"]],
      withServices({ generate: streamingGenerate("ok", seen) }),
    );
    await chat.start();
    const result = await chat.say("which payment methods do you accept");
    expect(seen[0]).toMatchObject({ prompt: "Customer asks: which payment methods do you accept", systemPrompt: "Shop ", model: "openai/gpt-4o-mini", maxTokens: 100 });
    expect(seen[0]?.context?.map((hit) => hit.id)).toEqual(["pay"]);
    expect(result.outputs.find((o) => o.type === "message")).toMatchObject({ sources: ["Which payment methods do you accept?"] });
  });

  test("a failing model follows the error output when connected", async () => {
    const chat = conversationFor(
      [start, listen, llm(), after, oops, end],
      [["start", "next", "listen"], ["listen", "next", "llm"], ["llm", "next", "after"], ["llm", "error", "oops"], ["after", "next", "end"], ["oops", "next", "end"]],
    );
    await chat.start();
    const result = await chat.say("hi");
    expect(messagesOf(result)).toEqual(["Our assistant is unavailable."]);
    expect(result.status).toBe("ended");
    expect(result.error).toBeUndefined();
  });

  test("without an error output the visitor gets the fallback message and can carry on", async () => {
    const chat = conversationFor(
      [start, listen, llm(), after, end],
      [["start", "next", "listen"], ["listen", "next", "llm"], ["llm", "next", "after"], ["after", "next", "end"]],
    );
    await chat.start();
    const failed = await chat.say("hi");
    expect(messagesOf(failed)).toEqual([FALLBACK]);
    expect(failed).toMatchObject({ status: "error", activeNodeId: "listen", error: { code: "nodeFailed", nodeId: "llm", message: AI_NOT_CONFIGURED_MESSAGE } });
    // Still usable: the next message is handled by the Wait node again (and fails the same honest way).
    const again = await chat.say("hello?");
    expect(again.status).toBe("error");
    expect(again.variables.question).toBe("hello?");
  });
});

describe("condition", () => {
  test("branches on variables", async () => {
    const nodes: NodeSpec[] = [
      start,
      listen,
      ["c", "condition", { combinator: "all", rules: [{ variable: "question", operator: "gte", value: "18" }] }],
      ["adult", "message", { text: "adult" }],
      ["minor", "message", { text: "minor" }],
      end,
    ];
    const edges: EdgeSpec[] = [["start", "next", "listen"], ["listen", "next", "c"], ["c", "true", "adult"], ["c", "false", "minor"], ["adult", "next", "end"], ["minor", "next", "end"]];
    const a = conversationFor(nodes, edges);
    await a.start();
    expect(messagesOf(await a.say("21"))).toEqual(["adult"]);
    const b = conversationFor(nodes, edges);
    await b.start();
    expect(messagesOf(await b.say("seventeen"))).toEqual(["minor"]);
  });
});

describe("http", () => {
  const http = (extra: object = {}): NodeSpec => [
    "http",
    "http",
    {
      method: "GET",
      url: "https://shop.test/orders/{{ question }}",
      headers: { authorization: "Bearer {{ question }}" },
      body: "",
      timeoutMs: 1500,
      responseMapping: [{ variable: "status", path: "order.status" }, { variable: "first", path: "order.items.0.name" }, { variable: "count", path: "order.count" }],
      ...extra,
    },
  ];
  const nodes = (extra?: object): NodeSpec[] => [start, listen, http(extra), ["ok", "message", { text: "{{ status }} / {{ first }} / {{ count }}" }], ["err", "message", { text: "Lookup failed" }], end];
  const edges: EdgeSpec[] = [["start", "next", "listen"], ["listen", "next", "http"], ["http", "ok", "ok"], ["http", "error", "err"], ["ok", "next", "end"], ["err", "next", "end"]];

  function fakeHttp(response: HttpResponse, seen: HttpRequest[] = []): FlowServices["httpRequest"] {
    return (request) => {
      seen.push(request);
      return Promise.resolve(response);
    };
  }

  test("calls the templated URL (values encoded) and maps response fields", async () => {
    const seen: HttpRequest[] = [];
    const chat = conversationFor(nodes(), edges, withServices({ httpRequest: fakeHttp({ status: 200, body: { order: { status: "shipped", items: [{ name: "Mug" }], count: 2 } } }, seen) }));
    await chat.start();
    const result = await chat.say("A 1/2\r\nX: y");
    expect(seen[0]).toEqual({
      method: "GET",
      url: "https://shop.test/orders/A%201%2F2%0D%0AX%3A%20y",
      headers: { authorization: "Bearer A 1/2 X: y" },
      timeoutMs: 1500,
    });
    expect(messagesOf(result)).toEqual(["shipped / Mug / 2"]);
  });

  test("escapes values inside a JSON body", async () => {
    const seen: HttpRequest[] = [];
    const chat = conversationFor(nodes({ method: "POST", body: '{"q": "{{ question }}"}' }), edges, withServices({ httpRequest: fakeHttp({ status: 201, body: {} }, seen) }));
    await chat.start();
    await chat.say('say "hi"\n\\ bye');
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ q: 'say "hi"\n\\ bye' });
  });

  test("a non-2xx status follows the error output", async () => {
    const chat = conversationFor(nodes(), edges, withServices({ httpRequest: fakeHttp({ status: 404, body: "nope" }) }));
    await chat.start();
    expect(messagesOf(await chat.say("1"))).toEqual(["Lookup failed"]);
  });

  test("a rejected request without an error output sends the fallback", async () => {
    const chat = conversationFor(nodes(), edges.filter(([, handle]) => handle !== "error"), withServices({ httpRequest: () => Promise.reject(new Error("timeout after 1500 ms")) }));
    await chat.start();
    const result = await chat.say("1");
    expect(messagesOf(result)).toEqual([FALLBACK]);
    expect(result.error).toMatchObject({ code: "nodeFailed", nodeId: "http", message: "timeout after 1500 ms" });
  });
});

describe("handoff and end", () => {
  const nodes: NodeSpec[] = [
    start,
    ["help", "handoff", { waitingMessage: "Connecting you to {{ visitor_name }}'s favourite human", offlineMessage: "We're offline" }],
    ["back", "message", { text: "The bot is back." }],
    listen,
    ["bye", "end", { message: "Bye!", askRating: true }],
  ];
  const edges: EdgeSpec[] = [["start", "next", "help"], ["help", "resolved", "bye"], ["help", "returned", "back"], ["back", "next", "listen"], ["listen", "next", "bye"]];

  test("hands over, ignores visitor chat meanwhile, resumes on AGENT_RETURN", async () => {
    const chat = conversationFor(nodes, edges);
    const first = await chat.start();
    expect(first.status).toBe("handoff");
    expect(first.outputs.find((o) => o.type === "handoff")).toEqual({ type: "handoff", nodeId: "help", message: "Connecting you to 's favourite human", isOffline: false });
    const chatting = await chat.say("hello human");
    expect(chatting).toMatchObject({ status: "handoff", outputs: [] });
    const back = await chat.turn({ type: "AGENT_RETURN" });
    expect(messagesOf(back)).toEqual(["The bot is back."]);
    expect(back).toMatchObject({ status: "waiting", activeNodeId: "listen" });
  });

  describe("when nobody can take the conversation", () => {
    const lead: NodeSpec = ["lead", "ask", { question: "What's your email?", validation: "email", variable: "email", retryMessage: "An email please" }];
    const withOffline: EdgeSpec[] = [...edges, ["help", "offline", "lead"], ["lead", "next", "bye"]];
    // 2024-06-03 is a Monday.
    const mondayAt = (utc: string) => () => Date.parse(`2024-06-03T${utc}Z`);
    const businessHours = { timezone: "Europe/London", days: { mon: [{ from: "09:00", to: "17:00" }] } };
    const withHours = nodes.map((node): NodeSpec => (node[0] === "help" ? ["help", "handoff", { ...(node[2] as object), businessHours }] : node));

    test("no agent online and no `offline` output: the offline message, and the conversation waits for a person", async () => {
      const chat = conversationFor(nodes, edges, withServices({ isAgentOnline: () => Promise.resolve(false) }));
      const first = await chat.start();
      expect(first).toMatchObject({ status: "handoff", activeNodeId: "help" });
      expect(first.outputs.filter((o) => o.type === "handoff" || o.type === "message")).toEqual([{ type: "handoff", nodeId: "help", message: "We're offline", isOffline: true }]);
      const back = await chat.turn({ type: "AGENT_RETURN" });
      expect(messagesOf(back)).toEqual(["The bot is back."]);
    });

    test("no agent online with the `offline` output connected: the offline message, then the bot carries on there", async () => {
      const chat = conversationFor([...nodes, lead], withOffline, withServices({ isAgentOnline: () => Promise.resolve(false) }));
      const first = await chat.start();
      expect(first).toMatchObject({ status: "waiting", activeNodeId: "lead" });
      expect(first.outputs.filter((o) => o.type !== "nodeEntered" && o.type !== "nodeLeft")).toEqual([
        { type: "message", nodeId: "help", text: "We're offline" },
        { type: "handoffOffline", nodeId: "help" },
        { type: "message", nodeId: "lead", text: "What's your email?" },
      ]);
      expect(nodeEvents(first.outputs)).toEqual(["+start", "-start", "+help", "-help", "+lead"]);
      expect((await chat.say("ann@shop.test")).variables.email).toBe("ann@shop.test");
    });

    test("an agent online: the `offline` output is not taken", async () => {
      const chat = conversationFor([...nodes, lead], withOffline, withServices({ isAgentOnline: () => Promise.resolve(true) }));
      const first = await chat.start();
      expect(first).toMatchObject({ status: "handoff", activeNodeId: "help" });
      expect(first.outputs.find((o) => o.type === "handoff")).toMatchObject({ isOffline: false });
    });

    test("outside business hours counts as offline without asking who is online; inside, the handoff goes ahead", async () => {
      let asked = 0;
      const isAgentOnline = () => {
        asked += 1;
        return Promise.resolve(true);
      };
      // 17:30 in London (BST, UTC+1) is after closing.
      const closed = conversationFor([...withHours, lead], withOffline, withServices({ isAgentOnline, now: mondayAt("16:30:00") }));
      expect(await closed.start()).toMatchObject({ status: "waiting", activeNodeId: "lead" });
      expect(asked).toBe(0);
      // 10:00 in London.
      const open = conversationFor([...withHours, lead], withOffline, withServices({ isAgentOnline, now: mondayAt("09:00:00") }));
      const handedOver = await open.start();
      expect(handedOver).toMatchObject({ status: "handoff" });
      expect(handedOver.outputs.find((o) => o.type === "handoff")).toMatchObject({ message: "Connecting you to 's favourite human", isOffline: false });
      expect(asked).toBe(1);
    });

    test("a presence lookup that fails hands over as if someone were online", async () => {
      const chat = conversationFor([...nodes, lead], withOffline, withServices({ isAgentOnline: () => Promise.reject(new Error("presence store unreachable")) }));
      const first = await chat.start();
      expect(first).toMatchObject({ status: "handoff", activeNodeId: "help" });
      expect(first.error).toBeUndefined();
    });

    test("a stored `offline` loop back into the same handoff is cut by the step limit, never a hung turn", async () => {
      // The validator refuses such a loop (validateFlow.test.ts); a stored config could still hold one.
      const compiled = compileFlow(
        buildGraph(
          [start, listen, ["help", "handoff", { waitingMessage: "One moment" }], ["m", "message", { text: "Still nobody" }], ["bye", "end", { askRating: false }]],
          [["start", "next", "listen"], ["listen", "next", "help"], ["help", "resolved", "bye"], ["help", "returned", "bye"], ["help", "offline", "m"], ["m", "next", "bye"]],
        ),
      );
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
      const config: MachineConfigJSON = JSON.parse(JSON.stringify(compiled.machine));
      const m = config.states.m;
      if (!m?.always) throw new Error("shape");
      m.always = [...m.always.slice(0, -1), { target: "#flow.help" }];
      const chat = new Conversation(createFlowMachine(config, withServices({ isAgentOnline: () => Promise.resolve(false) })), { maxSteps: 20 });
      await chat.start();
      const looped = await chat.say("a person please");
      expect(looped).toMatchObject({ status: "error", error: { code: "stepLimit" }, activeNodeId: "listen" });
      expect(messagesOf(looped).at(-1)).toBe(FALLBACK);
    });
  });

  test("AGENT_RESOLVE ends with a rating question; the rating is stored and later events do nothing", async () => {
    const chat = conversationFor(nodes, edges);
    await chat.start();
    const resolved = await chat.turn({ type: "AGENT_RESOLVE" });
    expect(resolved.status).toBe("waiting");
    expect(resolved.outputs.filter((o) => o.type === "message")).toEqual([
      { type: "message", nodeId: "bye", text: "Bye!" },
      expect.objectContaining({ nodeId: "bye", quickReplies: ["1", "2", "3", "4", "5"] }),
    ]);
    const rated = await chat.say("5");
    expect(rated.status).toBe("ended");
    expect(rated.variables.rating).toBe("5");
    expect(rated.outputs.some((o) => o.type === "ended")).toBe(true);
    const after = await chat.say("hello?");
    expect(after).toMatchObject({ status: "ended", outputs: [] });
  });

  test("an End node without rating ends at once", async () => {
    const chat = conversationFor([start, end], [["start", "next", "end"]]);
    const result = await chat.start();
    expect(result).toMatchObject({ status: "ended", activeNodeId: "end" });
    expect(result.outputs.at(-1)).toEqual({ type: "ended", nodeId: "end" });
  });
});

describe("snapshots", () => {
  const graph = buildGraph(
    [start, ["ask", "ask", { question: "Name?", validation: "text", variable: "name", retryMessage: "?" }], listen, ["m", "message", { text: "{{ name }} said {{ question }}" }], end],
    [["start", "next", "ask"], ["ask", "next", "listen"], ["listen", "next", "m"], ["m", "next", "end"]],
  );

  test("rehydrate from JSON into a fresh machine built from the stored config", async () => {
    const compiled = compileFlow(graph);
    if (!compiled.ok) throw new Error("compile");
    const stored = JSON.stringify(compiled.machine);
    const first = createFlowMachine(JSON.parse(stored), services);
    const t1 = await runFlowTurn({ machine: first, snapshot: undefined, event: undefined });
    const t2 = await runFlowTurn({ machine: first, snapshot: JSON.parse(JSON.stringify(t1.snapshot)), event: { type: "VISITOR_MESSAGE", text: "Ann" } });
    const persisted: unknown = JSON.parse(JSON.stringify(t2.snapshot));
    expect(persisted).toEqual(t2.snapshot);

    const second = createFlowMachine(JSON.parse(stored), services);
    const t3 = await runFlowTurn({ machine: second, snapshot: persisted, event: { type: "VISITOR_MESSAGE", text: "hello" } });
    expect(messagesOf(t3)).toEqual(["Ann said hello"]);
    expect(t3.status).toBe("ended");
  });

  test("a new conversation can start with the visitor's first message", async () => {
    const machine = machineFor(graph, services);
    const result = await runFlowTurn({ machine, snapshot: undefined, event: { type: "VISITOR_MESSAGE", text: "Bob" } });
    expect(messagesOf(result)).toEqual(["Name?"]);
    expect(result).toMatchObject({ activeNodeId: "listen", variables: { name: "Bob" } });
  });

  test("a snapshot that cannot be read is reported, not thrown, and left unchanged", async () => {
    const machine = machineFor(graph, services);
    for (const bad of [{ nonsense: true }, { status: "active", value: "nowhere", context: { variables: {}, steps: 0, maxSteps: 10, retries: 0, waitPoint: null, knowledge: [], lastError: null }, children: {} }]) {
      const result = await runFlowTurn({ machine, snapshot: bad, event: { type: "VISITOR_MESSAGE", text: "hi" } });
      expect(result.status).toBe("error");
      expect(messagesOf(result)).toEqual([FALLBACK]);
      expect(result.error?.code).toBe("machineFailed");
    }
  });

  test("per-turn services replace the machine's", async () => {
    const machine = machineFor(
      buildGraph([start, listen, ["i", "intent", { intents: ["refund"] }], ["yes", "message", { text: "refund!" }], ["no", "message", { text: "no" }], end], [["start", "next", "listen"], ["listen", "next", "i"], ["i", "refund", "yes"], ["i", "fallback", "no"], ["yes", "next", "end"], ["no", "next", "end"]]),
      services,
    );
    const t1 = await runFlowTurn({ machine, snapshot: undefined, event: undefined });
    const t2 = await runFlowTurn({
      machine,
      snapshot: t1.snapshot,
      event: { type: "VISITOR_MESSAGE", text: "zzz" },
      services: withServices({ classify: () => Promise.resolve({ intent: "refund", confidence: 0.9 }) }),
    });
    expect(messagesOf(t2)).toEqual(["refund!"]);
  });
});

describe("failures and the step bound", () => {
  test("a long run of transient nodes is cut at maxSteps with the fallback, and the conversation stays usable", async () => {
    const sets: NodeSpec[] = Array.from({ length: 12 }, (_, i) => [`set${String(i).padStart(2, "0")}`, "set", { assignments: [{ variable: "n", value: String(i) }] }]);
    const chain: EdgeSpec[] = sets.slice(0, -1).map(([id], i) => [id, "next", sets[i + 1]?.[0] ?? "end"]);
    const chat = conversationFor(
      [start, listen, ...sets, end],
      [["start", "next", "listen"], ["listen", "next", "set00"], ...chain, ["set11", "next", "end"]],
      services,
      5,
    );
    await chat.start();
    const cut = await chat.say("go");
    expect(cut.status).toBe("error");
    expect(cut.error).toMatchObject({ code: "stepLimit" });
    expect(messagesOf(cut)).toEqual([FALLBACK]);
    expect(cut.activeNodeId).toBe("listen");
    // set00..set04 ran: maxSteps nodes entered, then the turn was cut.
    expect(cut.variables.n).toBe("4");
    expect(cut.outputs.filter((o) => o.type === "nodeEntered")).toHaveLength(5 + 1); // + listen, re-entered to resume
    const next = await chat.say("again");
    expect(next.error?.code).toBe("stepLimit");
  });

  test("a stored machine that loops through transient states ends the turn with an error, never hangs", async () => {
    const compiled = compileFlow(
      buildGraph([start, listen, ["a", "set", { assignments: [{ variable: "x", value: "a" }] }], ["b", "message", { text: "b" }], end], [["start", "next", "listen"], ["listen", "next", "a"], ["a", "next", "b"], ["b", "next", "end"]]),
    );
    if (!compiled.ok) throw new Error("compile");
    // Simulate a config written by a faulty editor or older compiler: b leads back to a.
    const config: MachineConfigJSON = JSON.parse(JSON.stringify(compiled.machine));
    const b = config.states.b;
    if (!b?.always) throw new Error("shape");
    b.always = [...b.always.slice(0, -1), { target: "#flow.a" }];
    const chat = new Conversation(createFlowMachine(config, services), { maxSteps: 50 });
    await chat.start();
    const looped = await chat.say("go");
    expect(looped.status).toBe("error");
    expect(looped.error?.code).toBe("stepLimit");
    expect(messagesOf(looped).filter((text) => text === "b").length).toBeLessThanOrEqual(50);
    expect(messagesOf(looped).at(-1)).toBe(FALLBACK);
    expect(looped.activeNodeId).toBe("listen");
  });

  test("a failure before the visitor ever answered restarts the flow on the next message", async () => {
    let calls = 0;
    const flaky = withServices({
      httpRequest: () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error("down")) : Promise.resolve({ status: 200, body: { open: "yes" } });
      },
    });
    const chat = conversationFor(
      [start, ["http", "http", { method: "GET", url: "https://shop.test/open", headers: {}, body: "", timeoutMs: 1000, responseMapping: [{ variable: "open", path: "open" }] }], ["m", "message", { text: "open: {{ open }}" }], listen, end],
      [["start", "next", "http"], ["http", "ok", "m"], ["m", "next", "listen"], ["listen", "next", "end"]],
      flaky,
    );
    const first = await chat.start();
    expect(first).toMatchObject({ status: "error", activeNodeId: null });
    expect(messagesOf(first)).toEqual([FALLBACK]);
    const second = await chat.say("hello?");
    expect(second.status).toBe("waiting");
    expect(messagesOf(second)).toEqual(["open: yes"]);
  });

  test("a service that throws synchronously is handled like a rejection", async () => {
    const chat = conversationFor(
      [start, listen, ["i", "intent", { intents: ["refund"] }], ["m", "message", { text: "x" }], end],
      [["start", "next", "listen"], ["listen", "next", "i"], ["i", "refund", "m"], ["i", "fallback", "m"], ["m", "next", "end"]],
      withServices({
        classify: () => {
          throw new Error("classifier exploded");
        },
      }),
    );
    await chat.start();
    const result = await chat.say("refund");
    expect(result.error).toMatchObject({ code: "nodeFailed", nodeId: "i", message: "classifier exploded" });
  });
});
