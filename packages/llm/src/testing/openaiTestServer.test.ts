import { describe, expect, it } from "vitest";
import { z } from "zod";
import { embedByTopic } from "./embedByTopic.ts";
import { createOpenAiTestServer, embeddingOf } from "./openaiTestServer.ts";
import { useOpenAiTestServer } from "./useOpenAiTestServer.ts";

const server = useOpenAiTestServer({ defaultReply: (request) => `You said ${request.body.messages?.length ?? 0} messages.`, embeddingDimensions: 4 });


const post = (path: string, body: unknown) =>
  fetch(`${server.baseURL}${path}`, { method: "POST", headers: { "content-type": "application/json", "x-title": "T" }, body: JSON.stringify(body) });

describe("OpenAI-compatible test server", () => {
  it("answers chat completions as JSON from the default reply function and records the request", async () => {
    const response = await post("/chat/completions", { model: "m/1", messages: [{ role: "user", content: "hi" }] });
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    expect(body).toMatchObject({ object: "chat.completion", model: "m/1", choices: [{ message: { role: "assistant", content: "You said 1 messages." }, finish_reason: "stop" }] });
    expect(server.requests[0]).toMatchObject({ method: "POST", path: "/v1/chat/completions", headers: { "x-title": "T" }, body: { model: "m/1" } });
  });

  it("streams SSE chunks ending in [DONE], with a usage chunk only when asked", async () => {
    server.enqueue({ reply: "a b", chunks: ["a", " b"] }, { reply: "a b", chunks: ["a", " b"] });
    const withUsage = await (await post("/chat/completions", { model: "m/1", messages: [], stream: true, stream_options: { include_usage: true } })).text();
    const events = withUsage.split("\n\n").filter((event) => event !== "");
    expect(events.every((event) => event.startsWith("data: "))).toBe(true);
    expect(events.at(-1)).toBe("data: [DONE]");
    const chunks = events.slice(0, -1).map((event): unknown => JSON.parse(event.slice("data: ".length)));
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 1 } });
    expect(chunks.at(-2)).toMatchObject({ choices: [{ delta: {}, finish_reason: "stop" }] });
    expect(withUsage).toContain('"content":" b"');

    const withoutUsage = await (await post("/chat/completions", { model: "m/1", messages: [], stream: true })).text();
    expect(withoutUsage).not.toContain('"usage"');
  });

  it("returns scripted errors with Retry-After and then recovers", async () => {
    server.enqueue({ status: 429, retryAfterMs: 1_500 });
    const limited = await post("/chat/completions", { model: "m/1", messages: [] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after-ms")).toBe("1500");
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(await limited.json()).toMatchObject({ error: { type: "rate_limit_exceeded" } });
    expect((await post("/chat/completions", { model: "m/1", messages: [] })).status).toBe(200);
  });

  it("rejects unknown routes and bodies that are not JSON", async () => {
    expect((await post("/completions", {})).status).toBe(404);
    const bad = await fetch(`${server.baseURL}/chat/completions`, { method: "POST", body: "{nope" });
    expect(bad.status).toBe(400);
  });

  it("makes deterministic unit embeddings, as floats or base64", async () => {
    const floats: unknown = await (await post("/embeddings", { model: "e/1", input: ["x", "y"] })).json();
    expect(floats).toMatchObject({ data: [{ index: 0, embedding: embeddingOf("x", 4) }, { index: 1, embedding: embeddingOf("y", 4) }] });
    expect(Math.hypot(...embeddingOf("x", 4))).toBeCloseTo(1, 10);
    expect(embeddingOf("x", 40)).toHaveLength(40);

    const encoded = z
      .object({ data: z.tuple([z.object({ embedding: z.string() })]) })
      .parse(await (await post("/embeddings", { model: "e/1", input: "x", encoding_format: "base64", dimensions: 6 })).json());
    const base64 = encoded.data[0].embedding;
    const decoded = Array.from(new Float32Array(new Uint8Array(Buffer.from(base64, "base64")).buffer));
    decoded.forEach((value, index) => expect(value).toBeCloseTo(embeddingOf("x", 6)[index] ?? Number.NaN, 6));
  });

  it("embeds with the function a test gives it", async () => {
    const semantic = createOpenAiTestServer({ embed: (text, dimensions) => Array.from({ length: dimensions }, (_, i) => (i === text.length % dimensions ? 1 : 0)) });
    const started = await semantic.start();
    try {
      const response = await fetch(`${started.baseURL}/embeddings`, { method: "POST", body: JSON.stringify({ model: "e/1", input: ["abc"], dimensions: 4 }) });
      expect(await response.json()).toMatchObject({ data: [{ index: 0, embedding: [0, 0, 0, 1] }] });
      expect(semantic.requests.map((r) => r.path)).toEqual(["/v1/embeddings"]);
    } finally {
      await started.close();
    }
  });

  it("has a topic embedding where paraphrases point the same way", () => {
    const embed = embedByTopic([["parcel", "delivery", "arrive"], ["refund", "return"]]);
    expect(embed("When will my parcel arrive?")).toEqual(embed("How long does delivery take?"));
    expect(embed("Can I get a refund?")).toEqual([0, 1, 0]);
    expect(embed("Hello there")).toEqual([0, 0, 1]);
  });
});
