import type { ChatTransport, SubscriptionHandlers } from "./core/session";
import { ChatError, type ChatEvent, type WidgetConfig } from "./core/types";

/**
 * tRPC's wire formats, hand-written to keep the script small
 * (@trpc/client would be most of the budget):
 * - HTTP: GET /trpc/<path>?input=<json> for queries, POST /trpc/<path> with
 *   the JSON input for mutations; answers are {result:{data}} or {error}.
 * - WebSocket (/trpc?bot=KEY): {id, method:"subscription", params:{path,
 *   input, lastEventId}}; the server answers {id, result:{type:"started"}},
 *   then {id, result:{type:"data", id?, data}} (tracked events wrap their
 *   data as {id, data}); "PING" is answered with "PONG".
 * - SSE fallback: GET /trpc/<path>?input=<json with lastEventId>, events
 *   `connected`, plain data events, `serialized-error`, `return`.
 */

interface ErrorShape {
  message?: string;
  data?: { code?: string; httpStatus?: number; details?: { retryAfterMs?: number } | null; fieldErrors?: Record<string, string[] | undefined> | null };
}

function errorFrom(shape: ErrorShape | undefined, httpStatus: number): ChatError {
  const { code = `HTTP_${httpStatus}`, httpStatus: status = httpStatus, details, fieldErrors } = shape?.data || {};
  const isRetryable = status >= 500 || status === 429 || status === 0;
  // An input check's own words ("The message contains characters…"), without the "Invalid input — text:" the dashboard shows.
  const fieldError = Object.values(fieldErrors || {})[0]?.[0];
  return new ChatError(code, fieldError || shape?.message || "Something went wrong. Try again.", isRetryable, details?.retryAfterMs ?? null);
}

export function createTransport(base: string, botKey: string) {
  async function call<T>(path: string, input: Record<string, unknown>, isMutation: boolean): Promise<T> {
    const body = JSON.stringify({ botKey, ...input });
    let response: Response;
    try {
      response = isMutation
        ? await fetch(`${base}/trpc/widget.${path}`, { method: "POST", headers: { "content-type": "application/json" }, body })
        : await fetch(`${base}/trpc/widget.${path}?input=${encodeURIComponent(body)}`);
    } catch {
      throw new ChatError("NETWORK", "Can't reach the chat right now. Retrying…", true);
    }
    const json = (await response.json().catch(() => null)) as { result?: { data: T }; error?: ErrorShape } | null;
    if (json?.result) return json.result.data;
    throw errorFrom(json?.error, response.status);
  }

  let isWebSocketBroken = false;
  let hasWebSocketWorked = false;

  function subscribeWebSocket(input: Record<string, unknown>, lastEventId: string, handlers: SubscriptionHandlers): () => void {
    const socket = new WebSocket(`${base.replace(/^http/, "ws")}/trpc?bot=${encodeURIComponent(botKey)}`);
    let isOpen = false;
    let isDone = false;
    const finish = (error: ChatError | null) => {
      if (isDone) return;
      isDone = true;
      socket.onclose = null;
      socket.close();
      handlers.onClose(error);
    };
    socket.onopen = () => {
      socket.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "widget.subscribe", input: { botKey, ...input }, lastEventId } }));
    };
    socket.onmessage = (frame) => {
      if (frame.data === "PING") return socket.send("PONG");
      const message = JSON.parse(String(frame.data)) as { method?: string; error?: ErrorShape; result?: { type: string; id?: string; data?: unknown } };
      if (message.method === "reconnect") return finish(null);
      if (message.error) return finish(errorFrom(message.error, 0));
      const result = message.result;
      if (result?.type === "started") {
        isOpen = true;
        hasWebSocketWorked = true;
        handlers.onOpen();
      } else if (result?.type === "data") {
        const data = result.id !== undefined ? (result.data as { data: ChatEvent }).data : (result.data as ChatEvent);
        handlers.onEvent(data);
      } else if (result?.type === "stopped") finish(null);
    };
    socket.onclose = () => {
      // A socket that never worked on this page (e.g. a proxy without WebSocket support) sends us to SSE next time.
      if (!isOpen && !hasWebSocketWorked) isWebSocketBroken = true;
      finish(null);
    };
    return () => {
      isDone = true;
      socket.onclose = null;
      socket.close();
    };
  }

  function subscribeEventSource(input: Record<string, unknown>, lastEventId: string, handlers: SubscriptionHandlers): () => void {
    const query = encodeURIComponent(JSON.stringify({ botKey, ...input, lastEventId }));
    const source = new EventSource(`${base}/trpc/widget.subscribe?input=${query}`);
    let isDone = false;
    let isConnected = false;
    const finish = (error: ChatError | null) => {
      if (isDone) return;
      isDone = true;
      source.close();
      // Neither worked yet (the server may just be down): alternate and try the WebSocket again.
      if (!isConnected) isWebSocketBroken = false;
      handlers.onClose(error);
    };
    source.addEventListener("connected", () => {
      isConnected = true;
      handlers.onOpen();
    });
    source.onmessage = (event) => handlers.onEvent(JSON.parse(String(event.data)) as ChatEvent);
    source.addEventListener("serialized-error", (event) => finish(errorFrom(JSON.parse(String((event as MessageEvent).data)) as ErrorShape, 0)));
    source.addEventListener("return", () => finish(null));
    // EventSource would reconnect by itself; the session reconnects instead, with backoff and its own resume point.
    source.onerror = () => finish(null);
    return () => {
      isDone = true;
      source.close();
    };
  }

  const transport: ChatTransport = {
    init: (input) => call("init", input, true),
    send: (input) => call("send", input, true),
    rate: (input) => call("rate", input, true),
    subscribe({ lastEventId, ...input }, handlers) {
      const useSse = (isWebSocketBroken || typeof WebSocket === "undefined") && typeof EventSource !== "undefined";
      return useSse ? subscribeEventSource(input, lastEventId, handlers) : subscribeWebSocket(input, lastEventId, handlers);
    },
  };
  return { transport, config: () => call<WidgetConfig>("config", {}, false) };
}
