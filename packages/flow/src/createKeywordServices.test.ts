import { describe, expect, test } from "vitest";
import { AI_NOT_CONFIGURED_MESSAGE, createKeywordServices, tokenize } from "./createKeywordServices.ts";

const services = createKeywordServices({
  intents: [
    { name: "order_status", examples: ["where is my order", "track my package"] },
    { name: "refund", examples: ["I want my money back"] },
  ],
  faqs: [
    { id: "a", question: "How long does shipping take?", answer: "2-4 days." },
    { id: "b", question: "Do you ship abroad?", answer: "Yes, to 40 countries." },
  ],
});

describe("createKeywordServices", () => {
  test("tokenize drops stop words and folds simple plurals", () => {
    expect([...tokenize("Where is my Orders, please?")]).toEqual(["order"]);
    expect([...tokenize("Track packages")]).toEqual(["track", "package"]);
  });

  test("classify picks the intent with the best token overlap among the requested ones", async () => {
    expect(await services.classify({ text: "Where's my order?", intents: ["order_status", "refund"], threshold: 0.3 })).toMatchObject({ intent: "order_status" });
    expect(await services.classify({ text: "money back now", intents: ["order_status", "refund"], threshold: 0.3 })).toMatchObject({ intent: "refund" });
    // Only the node's intents are candidates.
    expect((await services.classify({ text: "where is my order", intents: ["refund"], threshold: 0.3 })).intent).toBeNull();
    const low = await services.classify({ text: "hello", intents: ["order_status"], threshold: 0.3 });
    expect(low).toEqual({ intent: null, confidence: 0 });
  });

  test("retrieve ranks FAQ entries and honours topK and threshold", async () => {
    const { hits } = await services.retrieve({ query: "how long is shipping", topK: 2, threshold: 0.1 });
    expect(hits[0]).toMatchObject({ id: "a", answer: "2-4 days.", title: "How long does shipping take?" });
    expect(hits.length).toBeLessThanOrEqual(2);
    expect((await services.retrieve({ query: "bicycles", topK: 3, threshold: 0.1 })).hits).toEqual([]);
  });

  test("generate says plainly that AI is not configured", async () => {
    await expect(services.generate({ prompt: "hi", systemPrompt: "", temperature: 0, maxTokens: 10, onToken: () => undefined })).rejects.toThrow(AI_NOT_CONFIGURED_MESSAGE);
  });

  test("httpRequest goes through the injected fetch and parses JSON", async () => {
    const seen: string[] = [];
    const withFetch = createKeywordServices({
      fetch: (url, init) => {
        seen.push(`${init.method} ${url} ${init.body ?? ""}`);
        return Promise.resolve({ status: 200, text: () => Promise.resolve('{"ok":true}') });
      },
    });
    expect(await withFetch.httpRequest({ method: "POST", url: "https://x.test/a", headers: {}, body: "{}", timeoutMs: 1000 })).toEqual({ status: 200, body: { ok: true } });
    expect(seen).toEqual(["POST https://x.test/a {}"]);
    await expect(services.httpRequest({ method: "GET", url: "https://x.test", headers: {}, timeoutMs: 1000 })).rejects.toThrow(/not configured/);
  });

  test("the default clock is stopped at 0; an injected one is used", () => {
    expect(services.now()).toBe(0);
    expect(createKeywordServices({ now: () => 42 }).now()).toBe(42);
  });
});
