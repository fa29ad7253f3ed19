import { describe, expect, it } from "vitest";
import { createEmbedder } from "./createEmbedder.ts";
import { createLlmProvider } from "./createLlmProvider.ts";
import { LlmAbortedError, LlmError } from "./errors.ts";
import { embeddingOf, useOpenAiTestServer } from "./testing/index.ts";

const server = useOpenAiTestServer();


const llm = () => createLlmProvider({ apiKey: "sk-test-key", baseURL: server.baseURL, referer: "https://chatwright.test", title: "Chatwright", timeoutMs: 2_000, sleep: async () => undefined });

describe("createEmbedder", () => {
  it("embeds with its one model", async () => {
    const embedder = createEmbedder({ llm: llm(), model: "openai/text-embedding-3-small" });
    expect(await embedder.embed(["returns", "hours"])).toEqual([embeddingOf("returns", 8), embeddingOf("hours", 8)]);
    expect(server.requests.map((r) => r.body.model)).toEqual(["openai/text-embedding-3-small"]);
  });

  it("stops when the caller's signal aborts", async () => {
    server.enqueue({ delayMs: 1_000 });
    const embedder = createEmbedder({ llm: llm(), model: "openai/text-embedding-3-small" });
    const failure = await embedder.embed(["slow"], { signal: AbortSignal.timeout(30) }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LlmError);
    expect(failure).toBeInstanceOf(LlmAbortedError);
  });
});
