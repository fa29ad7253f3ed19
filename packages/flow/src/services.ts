/**
 * What the flow machine asks of the outside world. The runtime injects real
 * implementations (local classifier, Postgres retrieval, OpenRouter, a guarded
 * HTTP client, agent presence, the clock); `createKeywordServices` is a small
 * in-memory one.
 * Every call may reject: the flow follows the node's `error` output or sends
 * the fallback message.
 */
export interface FlowServices {
  classify(request: ClassifyRequest): Promise<ClassifyResult>;
  retrieve(request: RetrieveRequest): Promise<RetrieveResult>;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** Must enforce `timeoutMs` and refuse private / loopback addresses. */
  httpRequest(request: HttpRequest): Promise<HttpResponse>;
  /**
   * Whether a person of the workspace is online to take a handoff. Asked only
   * when a turn enters a handoff node within its business hours, so it may be
   * a network call (presence in Redis). When it rejects the handoff goes
   * ahead: the conversation waits in the inbox rather than skipping people.
   */
  isAgentOnline(): Promise<boolean>;
  /** Milliseconds since the epoch; stamps analytics outputs and decides business hours. */
  now(): number;
}

export interface ClassifyRequest {
  text: string;
  /** Intent names to choose among (the node's intents). */
  intents: readonly string[];
  /** Below this confidence the answer is "no intent". */
  threshold: number;
}

export interface ClassifyResult {
  /** One of the requested intents, or null when none is confident enough. */
  intent: string | null;
  /** 0..1 */
  confidence: number;
}

export interface RetrieveRequest {
  query: string;
  topK: number;
  /** Hits scoring below this are left out. */
  threshold: number;
}

export interface KnowledgeHit {
  id: string;
  /** The passage or stored FAQ answer. */
  answer: string;
  /** 0..1, higher is better. */
  score: number;
  /** The FAQ question or document title, shown as a source. */
  title?: string;
  /** Where it came from (URL or file name), shown as a source. */
  source?: string;
}

export interface RetrieveResult {
  /** Best first. */
  hits: KnowledgeHit[];
}

export interface GenerateRequest {
  prompt: string;
  systemPrompt: string;
  /** Unset: the bot's default model. */
  model?: string;
  temperature: number;
  maxTokens: number;
  /** Knowledge passages to answer from (cite them, decline when they do not help). */
  context?: KnowledgeHit[];
  /** Called with each streamed chunk, in order. */
  onToken(chunk: string): void;
}

export interface GenerateResult {
  /** The complete reply (the streamed chunks joined). */
  text: string;
  /**
   * With `context`: the reply is not an answer from those passages (the
   * model declined, cited none of them, or spoke mostly outside them). The
   * faq step then takes `notFound`.
   */
  isDeclined?: boolean;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  /** Undefined for GET and DELETE and for empty bodies. */
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Parsed JSON when the response was JSON, else the text. */
  body: unknown;
}
