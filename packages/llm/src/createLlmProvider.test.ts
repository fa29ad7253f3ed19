import { beforeEach, describe, expect, it } from "vitest";
import { useOpenAiTestServer } from "./testing/index.ts";
import { createLlmProvider, type LlmProviderOptions } from "./createLlmProvider.ts";
import {
  LlmError,
  LlmNotConfiguredError,
  LlmRequestRejectedError,
  LlmStreamInterruptedError,
  LlmUnavailableError,
} from "./errors.ts";
import { costOf } from "./costOf.ts";

const MISTRAL = "mistralai/mistral-small-3.1-24b-instruct";
const GPT = "openai/gpt-4o-mini";

const server = useOpenAiTestServer({ defaultReply: () => "Our shop opens at nine." });
let sleeps: number[] = [];

beforeEach(() => {
  sleeps = [];
});

function provider(overrides: Partial<LlmProviderOptions> = {}) {
  return createLlmProvider({
    apiKey: "sk-test-key",
    baseURL: server.baseURL,
    referer: "https://chatwright.test",
    title: "Chatwright",
    timeoutMs: 2_000,
    maxRetries: 2,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
}

const modelsAsked = () => server.requests.map((request) => request.body.model);

describe("generate", () => {
  it("answers without streaming, with usage, cost and the OpenRouter headers", async () => {
    const result = await provider().generate({ model: MISTRAL, systemPrompt: "Be brief.", prompt: "When do you open?", temperature: 0.2, maxTokens: 50 });

    expect(result).toMatchObject({ text: "Our shop opens at nine.", model: MISTRAL, finishReason: "stop", isFallback: false, attempts: 1 });
    expect(result.usage.totalTokens).toBe(result.usage.promptTokens + result.usage.completionTokens);
    expect(result.usage.completionTokens).toBeGreaterThan(0);
    expect(result.usage.isEstimated).toBeUndefined();
    expect(result.costUsd).toBe(costOf(MISTRAL, result.usage));

    const [request] = server.requests;
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers["http-referer"]).toBe("https://chatwright.test");
    expect(request?.headers["x-title"]).toBe("Chatwright");
    expect(request?.headers.authorization).toBe("Bearer sk-test-key");
    expect(request?.body).toMatchObject({
      model: MISTRAL,
      temperature: 0.2,
      max_tokens: 50,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "When do you open?" },
      ],
    });
    expect(request?.body.stream).toBeFalsy();
  });

  it("streams tokens in order, once each, joined equal to the text, with the final usage chunk", async () => {
    server.enqueue({ reply: "We ship in two days.", chunks: ["We", " ship", " in", " two", " days."] });
    const tokens: string[] = [];
    const result = await provider().generate({ model: GPT, prompt: "Shipping?", onToken: (text) => tokens.push(text) });

    expect(tokens).toEqual(["We", " ship", " in", " two", " days."]);
    expect(tokens.join("")).toBe(result.text);
    expect(result.text).toBe("We ship in two days.");
    expect(result.usage.isEstimated).toBeUndefined();
    expect(result.usage.completionTokens).toBe(Math.ceil("We ship in two days.".length / 4));
    expect(result.costUsd).toBe(costOf(GPT, result.usage));
    expect(server.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("uses the default model and messages as given", async () => {
    const result = await provider().generate({
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello!" },
        { role: "user", content: "Open on Sunday?" },
      ],
    });
    expect(result.model).toBe(GPT);
    expect(server.requests[0]?.body.messages).toHaveLength(3);
  });

  it("retries a 500 with backoff, then succeeds", async () => {
    server.enqueue({ status: 500 });
    const result = await provider().generate({ model: MISTRAL, prompt: "Hi" });
    expect(result).toMatchObject({ text: "Our shop opens at nine.", model: MISTRAL, attempts: 2, isFallback: false });
    expect(modelsAsked()).toEqual([MISTRAL, MISTRAL]);
    // base 300 ms, equal jitter with random 0.5: 150 + 75
    expect(sleeps).toEqual([225]);
  });

  it("retries a 429 after the server's Retry-After", async () => {
    server.enqueue({ status: 429, retryAfterMs: 1_200 }, { status: 429 });
    const result = await provider().generate({ model: MISTRAL, prompt: "Hi" });
    expect(result.attempts).toBe(3);
    expect(sleeps).toEqual([1_200, 450]);
  });

  it("times out a slow attempt and retries it", async () => {
    server.enqueue({ delayMs: 1_000 });
    const result = await provider({ timeoutMs: 200 }).generate({ model: MISTRAL, prompt: "Hi" });
    expect(result).toMatchObject({ text: "Our shop opens at nine.", attempts: 2 });
    expect(modelsAsked()).toEqual([MISTRAL, MISTRAL]);
  });

  it("times out a stream that stalls before its first token and retries it", async () => {
    server.enqueue({ delayMs: 1_000 });
    const tokens: string[] = [];
    const result = await provider({ timeoutMs: 200 }).generate({ model: MISTRAL, prompt: "Hi", onToken: (text) => tokens.push(text) });
    expect(tokens.join("")).toBe(result.text);
    expect(result.attempts).toBe(2);
  });

  it("falls back to the other listed model once the retries are spent", async () => {
    server.enqueue({ status: 503 }, { status: 502 }, { status: 500 });
    const result = await provider().generate({ model: MISTRAL, prompt: "Hi" });
    expect(modelsAsked()).toEqual([MISTRAL, MISTRAL, MISTRAL, GPT]);
    expect(result).toMatchObject({ model: GPT, isFallback: true, attempts: 4 });
    expect(result.costUsd).toBe(costOf(GPT, result.usage));
  });

  it("gives up with LlmUnavailableError when the fallback fails too", async () => {
    server.enqueue({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const failure = await provider().generate({ model: GPT, prompt: "Hi" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LlmUnavailableError);
    expect(failure).toMatchObject({ code: "unavailable", attempts: 4, models: [GPT, MISTRAL] });
    expect(modelsAsked()).toEqual([GPT, GPT, GPT, MISTRAL]);
  });

  it("does not fall back when fallback is off", async () => {
    server.enqueue({ status: 500 }, { status: 500 });
    await expect(provider({ maxRetries: 1, fallbackModel: null }).generate({ model: GPT, prompt: "Hi" })).rejects.toBeInstanceOf(LlmUnavailableError);
    expect(modelsAsked()).toEqual([GPT, GPT]);
  });

  it("fails a 400 at once, without retry or fallback", async () => {
    server.enqueue({ status: 400, message: "max_tokens is too large" });
    const failure = await provider().generate({ model: MISTRAL, prompt: "Hi" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LlmRequestRejectedError);
    expect(failure).toMatchObject({ code: "rejected", isRetryable: false });
    expect(String(failure)).toContain("max_tokens is too large");
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("explains a rejected key", async () => {
    server.enqueue({ status: 401, message: "No auth credentials found" });
    await expect(provider().generate({ prompt: "Hi" })).rejects.toThrow(/rejected the API key.*OPENROUTER_API_KEY/);
    expect(server.requests).toHaveLength(1);
  });

  it("surfaces a stream that breaks after tokens, without retrying or repeating tokens", async () => {
    server.enqueue({ dropAfterChunks: 2 });
    const tokens: string[] = [];
    const failure = await provider().generate({ model: MISTRAL, prompt: "Hi", onToken: (text) => tokens.push(text) }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(LlmStreamInterruptedError);
    expect(failure).toBeInstanceOf(LlmError);
    expect(tokens).toEqual(["Our ", "shop "]);
    expect(failure).toMatchObject({ code: "stream_interrupted", partialText: "Our shop " });
    expect(server.requests).toHaveLength(1);
  });

  it("times out a stream that goes silent after tokens and surfaces it without retrying", async () => {
    server.enqueue({ stallAfterChunks: 2 });
    const tokens: string[] = [];
    const failure = await provider({ timeoutMs: 200 }).generate({ model: MISTRAL, prompt: "Hi", onToken: (text) => tokens.push(text) }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LlmStreamInterruptedError);
    expect(tokens).toEqual(["Our ", "shop "]);
    expect(server.requests).toHaveLength(1);
  });

  it("keeps a slow but steady stream alive past the per-attempt limit", async () => {
    // Each chunk restarts the limit, so a long answer is not cut off while it keeps coming.
    server.enqueue({ reply: "one two three four five", chunkDelayMs: 100 });
    const started = Date.now();
    const result = await provider({ timeoutMs: 250 }).generate({ prompt: "Hi", onToken: () => {} });
    expect(result).toMatchObject({ text: "one two three four five", attempts: 1 });
    expect(Date.now() - started).toBeGreaterThan(250);
  });

  it("retries a stream that goes silent before any token", async () => {
    server.enqueue({ stallAfterChunks: 0 });
    const result = await provider({ timeoutMs: 200 }).generate({ model: MISTRAL, prompt: "Hi", onToken: () => {} });
    expect(result.attempts).toBe(2);
  });

  it("retries a stream that breaks before any token", async () => {
    server.enqueue({ dropAfterChunks: 0 });
    const tokens: string[] = [];
    const result = await provider().generate({ model: MISTRAL, prompt: "Hi", onToken: (text) => tokens.push(text) });
    expect(result.attempts).toBe(2);
    expect(tokens.join("")).toBe("Our shop opens at nine.");
  });

  it("passes an onToken error through untouched and does not retry", async () => {
    const boom = new Error("socket closed");
    await expect(
      provider().generate({
        prompt: "Hi",
        onToken: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(server.requests).toHaveLength(1);
  });

  it("stops when the caller aborts", async () => {
    server.enqueue({ delayMs: 1_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(provider().generate({ prompt: "Hi", signal: controller.signal })).rejects.toMatchObject({ code: "aborted" });
    expect(server.requests).toHaveLength(1);
  });

  it("without a key is not configured and says what to set", async () => {
    const unconfigured = provider({ apiKey: undefined });
    expect(unconfigured.isConfigured).toBe(false);
    expect(provider().isConfigured).toBe(true);
    const failure = await unconfigured.generate({ prompt: "Hi" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LlmNotConfiguredError);
    expect(failure).toMatchObject({ code: "not_configured", message: "AI replies are not configured: set OPENROUTER_API_KEY" });
    await expect(unconfigured.embed({ model: "x/y", input: ["a"] })).rejects.toBeInstanceOf(LlmNotConfiguredError);
    await expect(unconfigured.chooseIntent({ text: "hi", intents: [] })).rejects.toBeInstanceOf(LlmNotConfiguredError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("embed", () => {
  it("returns one deterministic vector per input, in order, with usage", async () => {
    const llm = provider();
    const first = await llm.embed({ model: "openai/text-embedding-3-small", input: ["returns policy", "opening hours"] });
    const again = await llm.embed({ model: "openai/text-embedding-3-small", input: ["opening hours"] });

    expect(first.vectors).toHaveLength(2);
    expect(first.vectors[0]).toHaveLength(8);
    expect(again.vectors[0]).toEqual(first.vectors[1]);
    expect(first.vectors[0]).not.toEqual(first.vectors[1]);
    // the provider's prompt_tokens (the test server counts ceil(length / 4) per text), priced when the model is listed
    expect(first.usage).toEqual({ promptTokens: 8, totalTokens: 8 });
    expect(first.costUsd).toBe(0.00000016);
    expect(server.requests[0]).toMatchObject({ path: "/v1/embeddings", body: { model: "openai/text-embedding-3-small", encoding_format: "float" } });
  });

  it("retries a failed embeddings call on the same model only", async () => {
    server.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    await expect(provider().embed({ model: "openai/text-embedding-3-small", input: ["a"] })).rejects.toBeInstanceOf(LlmUnavailableError);
    expect(modelsAsked()).toEqual(["openai/text-embedding-3-small", "openai/text-embedding-3-small", "openai/text-embedding-3-small"]);
  });

  it("sends nothing for no input", async () => {
    await expect(provider().embed({ model: "m/e", input: [] })).resolves.toMatchObject({ vectors: [] });
    expect(server.requests).toHaveLength(0);
  });
});

describe("chooseIntent", () => {
  const intents = [
    { name: "order_status", description: "Where is my order", examples: ["where is my parcel", "track my order"] },
    { name: "refund", examples: ["I want my money back"] },
  ];

  it("picks an offered intent from JSON mode output", async () => {
    server.enqueue({ json: { intent: "order_status", confidence: 0.82 } });
    const choice = await provider().chooseIntent({ model: GPT, text: "my package has not arrived", intents });
    expect(choice).toMatchObject({ intent: "order_status", confidence: 0.82, reason: "matched", model: GPT });
    expect(choice.usage.totalTokens).toBeGreaterThan(0);
    const body = server.requests[0]?.body;
    expect(body?.response_format).toEqual({ type: "json_object" });
    expect(body?.temperature).toBe(0);
    expect(JSON.stringify(body?.messages)).toContain("order_status");
    expect(JSON.stringify(body?.messages)).toContain("my package has not arrived");
  });

  it("turns an intent that was not offered into null", async () => {
    server.enqueue({ json: { intent: "cancel_subscription", confidence: 0.9 } });
    await expect(provider().chooseIntent({ text: "cancel", intents })).resolves.toMatchObject({ intent: null, confidence: 0, reason: "unknown_intent" });
  });

  it("turns output that is not the JSON asked for into null", async () => {
    server.enqueue({ reply: "I think it's order_status" }, { json: { intent: "refund", confidence: "high" } });
    await expect(provider().chooseIntent({ text: "x", intents })).resolves.toMatchObject({ intent: null, reason: "invalid_json" });
    await expect(provider().chooseIntent({ text: "x", intents })).resolves.toMatchObject({ intent: null, reason: "invalid_json" });
  });

  it("accepts an explicit none", async () => {
    server.enqueue({ json: { intent: null, confidence: 0.7 } });
    await expect(provider().chooseIntent({ text: "nice weather", intents })).resolves.toMatchObject({ intent: null, confidence: 0.7, reason: "none" });
  });
});
