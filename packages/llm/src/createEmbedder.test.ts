import { describe, expect, it } from "vitest";
import { createEmbedder } from "./createEmbedder.ts";
import { createLlmProvider } from "./createLlmProvider.ts";
import { LlmAbortedError, LlmError } from "./errors.ts";
import { embeddingOf, useOpenAiTestServer } from "./testing/index.ts";

const server = useOpenAiTestServer();


const llm = () => createLlmProvider({ apiKey: "sk-test-key", baseURL: server.baseURL, referer: "https://chatwright.test", title: "Chatwright", timeoutMs: 2_000, sleep: async () => undefined });

describe("createEmbedder", () => {
  it("embeds with its one model and says what the call spent", async () => {
    const embedder = createEmbedder({ llm: llm(), model: "openai/text-embedding-3-small" });
    expect(embedder.model).toBe("openai/text-embedding-3-small");
    const { vectors, usage } = await embedder.embed(["returns", "hours"]);
    expect(vectors).toEqual([embeddingOf("returns", 8), embeddingOf("hours", 8)]);
    // the test server reports ceil(length / 4) tokens per text: 2 + 2; listed at $0.02 per million
    expect(usage).toEqual({ model: "openai/text-embedding-3-small", promptTokens: 4, costUsd: 0.00000008 });
    expect(server.requests.map((r) => r.body.model)).toEqual(["openai/text-embedding-3-small"]);
  });

  it("records no cost for an embeddings model without a known price", async () => {
    const embedder = createEmbedder({ llm: llm(), model: "acme/embed-1" });
    expect((await embedder.embed(["returns"])).usage).toEqual({ model: "acme/embed-1", promptTokens: 2, costUsd: null });
  });

  it("stops when the caller's signal aborts", async () => {
    server.enqueue({ delayMs: 1_000 });
    const embedder = createEmbedder({ llm: llm(), model: "openai/text-embedding-3-small" });
    const failure = await embedder.embed(["slow"], { signal: AbortSignal.timeout(30) }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LlmError);
    expect(failure).toBeInstanceOf(LlmAbortedError);
  });
});
