import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

/**
 * What the next request gets. Each enqueued behaviour answers one request
 * (chat or embeddings), in order; with the queue empty the default reply
 * answers.
 */
export type TestServerBehaviour =
  /** An error response in the OpenAI error format; 429 may say when to come back. */
  | { status: number; message?: string; retryAfterMs?: number }
  /** Wait before answering normally: longer than the client's timeout makes it time out. */
  | { delayMs: number }
  /** This reply text; when streamed, in these chunks (default: word by word), optionally with a pause before each. */
  | { reply: string; chunks?: string[]; finishReason?: string; chunkDelayMs?: number }
  /** The reply text is this value as JSON (for JSON-mode callers). */
  | { json: unknown }
  /** Stream this many chunks of the default reply, then cut the connection. */
  | { dropAfterChunks: number }
  /** Stream this many chunks of the default reply, then send nothing more while keeping the connection open. */
  | { stallAfterChunks: number };

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: RecordedBody;
}

const messageSchema = z.looseObject({ role: z.string(), content: z.unknown() });

const recordedBodySchema = z.looseObject({
  model: z.string().optional(),
  messages: z.array(messageSchema).optional(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  temperature: z.number().nullish(),
  max_tokens: z.number().nullish(),
  response_format: z.looseObject({ type: z.string() }).nullish(),
  input: z.union([z.string(), z.array(z.string())]).optional(),
  encoding_format: z.string().nullish(),
  dimensions: z.number().int().positive().nullish(),
});
export type RecordedBody = z.infer<typeof recordedBodySchema>;

export interface OpenAiTestServerOptions {
  /** The reply when nothing is queued. Default: "Hello from the test server." */
  defaultReply?: (request: RecordedRequest) => string;
  /** Length of the deterministic embedding vectors (unless the request asks for `dimensions`). Default 8. */
  embeddingDimensions?: number;
  /**
   * How a text becomes its vector. Default `embeddingOf` (a hash: equal texts
   * match, everything else is unrelated); tests of semantic search pass one
   * where paraphrases land close together.
   */
  embed?: (text: string, dimensions: number) => number[];
}

export interface OpenAiTestServer {
  start(): Promise<{ baseURL: string; close(): Promise<void> }>;
  enqueue(...behaviours: TestServerBehaviour[]): void;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Empties the queue and the request log. */
  reset(): void;
}

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 for tests: chat
 * completions (JSON and SSE streaming, with a usage chunk when asked),
 * deterministic embeddings, and a queue of scripted failures.
 */
export function createOpenAiTestServer(options: OpenAiTestServerOptions = {}): OpenAiTestServer {
  const queue: TestServerBehaviour[] = [];
  const requests: RecordedRequest[] = [];
  const defaultReply = options.defaultReply ?? (() => "Hello from the test server.");
  const embeddingDimensions = options.embeddingDimensions ?? 8;
  const embed = options.embed ?? embeddingOf;
  let completionCounter = 0;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const raw = await readBody(req);
    let json: unknown;
    try {
      json = raw === "" ? {} : JSON.parse(raw);
    } catch {
      sendError(res, 400, "The request body is not JSON.");
      return;
    }
    const parsed = recordedBodySchema.safeParse(json);
    if (!parsed.success) {
      sendError(res, 400, `Invalid request: ${parsed.error.message}`);
      return;
    }
    const request: RecordedRequest = { method: req.method ?? "GET", path, headers: headersOf(req), body: parsed.data };
    requests.push(request);

    const isChat = req.method === "POST" && path.endsWith("/chat/completions");
    const isEmbeddings = req.method === "POST" && path.endsWith("/embeddings");
    if (!isChat && !isEmbeddings) {
      sendError(res, 404, `No route for ${req.method} ${path}.`);
      return;
    }
    let behaviour = queue.shift();
    if (behaviour && "delayMs" in behaviour) {
      const hasWaited = await waitUnlessClosed(behaviour.delayMs, res);
      if (!hasWaited) return;
      behaviour = undefined;
    }
    if (behaviour && "status" in behaviour) {
      if (behaviour.retryAfterMs !== undefined) {
        res.setHeader("retry-after-ms", String(behaviour.retryAfterMs));
        res.setHeader("retry-after", String(Math.ceil(behaviour.retryAfterMs / 1000)));
      }
      sendError(res, behaviour.status, behaviour.message ?? `Scripted error ${behaviour.status}.`);
      return;
    }
    if (isEmbeddings) {
      sendEmbeddings(res, request.body);
      return;
    }
    const model = request.body.model ?? "test-model";
    const text =
      behaviour && "reply" in behaviour ? behaviour.reply : behaviour && "json" in behaviour ? JSON.stringify(behaviour.json) : defaultReply(request);
    const chunks = behaviour && "reply" in behaviour && behaviour.chunks ? behaviour.chunks : splitIntoChunks(text);
    const finishReason = behaviour && "reply" in behaviour && behaviour.finishReason ? behaviour.finishReason : "stop";
    const promptTokens = (request.body.messages ?? []).reduce((sum, message) => sum + tokensOf(typeof message.content === "string" ? message.content : JSON.stringify(message.content)), 0);
    const usage = { prompt_tokens: promptTokens, completion_tokens: tokensOf(text), total_tokens: promptTokens + tokensOf(text) };
    const id = `chatcmpl-test-${++completionCounter}`;
    const created = Math.floor(Date.now() / 1000);
    const dropAfter = behaviour && "dropAfterChunks" in behaviour ? behaviour.dropAfterChunks : undefined;
    const stallAfter = behaviour && "stallAfterChunks" in behaviour ? behaviour.stallAfterChunks : undefined;
    const chunkDelayMs = behaviour && "reply" in behaviour ? (behaviour.chunkDelayMs ?? 0) : 0;

    if (!request.body.stream) {
      if (stallAfter !== undefined) {
        await new Promise((resolve) => res.once("close", resolve));
        return;
      }
      if (dropAfter !== undefined) {
        res.socket?.destroy();
        return;
      }
      sendJson(res, 200, {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, finish_reason: finishReason, logprobs: null }],
        usage,
      });
      return;
    }

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const event = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const base = { id, object: "chat.completion.chunk", created, model };
    event({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
    for (const [index, chunk] of chunks.entries()) {
      if (stallAfter !== undefined && index >= stallAfter) {
        // Silent until the client gives up and closes the connection.
        await new Promise((resolve) => res.once("close", resolve));
        return;
      }
      if (dropAfter !== undefined && index >= dropAfter) {
        // Give the written chunks a moment to leave before the connection dies.
        await new Promise((resolve) => setTimeout(resolve, 20));
        res.socket?.destroy();
        return;
      }
      if (chunkDelayMs > 0 && !(await waitUnlessClosed(chunkDelayMs, res))) return;
      event({ ...base, choices: [{ index: 0, delta: { content: chunk }, finish_reason: null }] });
    }
    if (dropAfter !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      res.socket?.destroy();
      return;
    }
    event({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finishReason }] });
    if (request.body.stream_options?.include_usage) event({ ...base, choices: [], usage });
    res.end("data: [DONE]\n\n");
  }

  function sendEmbeddings(res: http.ServerResponse, body: RecordedBody): void {
    const inputs = typeof body.input === "string" ? [body.input] : (body.input ?? []);
    const dimensions = body.dimensions ?? embeddingDimensions;
    const asBase64 = body.encoding_format === "base64";
    sendJson(res, 200, {
      object: "list",
      model: body.model ?? "test-embedding",
      data: inputs.map((input, index) => {
        const vector = embed(input, dimensions);
        return { object: "embedding", index, embedding: asBase64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector };
      }),
      usage: { prompt_tokens: inputs.reduce((sum, input) => sum + tokensOf(input), 0), total_tokens: inputs.reduce((sum, input) => sum + tokensOf(input), 0) },
    });
  }

  return {
    requests,
    enqueue(...behaviours) {
      queue.push(...behaviours);
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
    },
    async start() {
      const server = http.createServer((req, res) => {
        handle(req, res).catch((error: unknown) => {
          if (!res.headersSent) sendError(res, 500, error instanceof Error ? error.message : String(error));
          else res.destroy();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const address: AddressInfo | string | null = server.address();
      if (address === null || typeof address === "string") throw new Error("The test server has no TCP address.");
      return {
        baseURL: `http://127.0.0.1:${address.port}/v1`,
        close: () =>
          new Promise<void>((resolve, reject) => {
            server.closeAllConnections();
            server.close((error) => (error ? reject(error) : resolve()));
          }),
      };
    },
  };
}

/** A unit vector derived from the text's SHA-256: same text, same vector. */
export function embeddingOf(text: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash("sha256").update(`${block}:${text}`).digest();
    for (let offset = 0; offset + 4 <= digest.length && values.length < dimensions; offset += 4) {
      values.push(digest.readUInt32BE(offset) / 0xffffffff - 0.5);
    }
  }
  const length = Math.hypot(...values) || 1;
  return values.map((value) => value / length);
}

function splitIntoChunks(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function tokensOf(text: string): number {
  return Math.ceil(text.length / 4);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

function headersOf(req: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function waitUnlessClosed(ms: number, res: http.ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      res.off("close", onClose);
      resolve(!res.destroyed);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    res.once("close", onClose);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function sendError(res: http.ServerResponse, status: number, message: string): void {
  const type = status === 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
  sendJson(res, status, { error: { message, type, code: status } });
}
