import type { ClassifyResult, FlowServices, GenerateRequest, GenerateResult, HttpRequest, HttpResponse, KnowledgeHit } from "./services.ts";

export interface KeywordIntent {
  name: string;
  examples: readonly string[];
}

export interface KeywordFaq {
  id: string;
  question: string;
  answer: string;
  source?: string;
}

/** The part of `fetch` this needs; inject a fake in tests or the real `fetch` in the simulator. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface KeywordServicesOptions {
  intents?: readonly KeywordIntent[];
  faqs?: readonly KeywordFaq[];
  fetch?: FetchLike;
  /** Clock for analytics timestamps and business hours. Defaults to a stopped clock at 0 (a Thursday, 00:00 UTC) so runs are reproducible. */
  now?: () => number;
  /** Whether a person would take a handoff. Default: always (the builder's test chat pretends someone is there). */
  isAgentOnline?: () => boolean | Promise<boolean>;
}

export const AI_NOT_CONFIGURED_MESSAGE = "AI replies are not configured. Connect an AI model in Settings to use AI reply nodes.";

const STOP_WORDS: ReadonlySet<string> = new Set(
  "a an and are as at be but by can could do does for from have how i i'm in is it its me my of on or our please so that the this to was we what when where which who will with would you your".split(" "),
);

export function tokenize(text: string): Set<string> {
  const tokens = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}']+/u)) {
    const token = raw.replace(/^'+|'+$/g, "");
    if (token.length > 1 && !STOP_WORDS.has(token)) tokens.add(token.length > 4 && token.endsWith("s") ? token.slice(0, -1) : token);
  }
  return tokens;
}

/** Set cosine: shared tokens / sqrt(|a| * |b|). */
function overlap(query: ReadonlySet<string>, other: ReadonlySet<string>): number {
  if (query.size === 0 || other.size === 0) return 0;
  let shared = 0;
  for (const token of query) if (other.has(token)) shared += 1;
  return shared / Math.sqrt(query.size * other.size);
}

/**
 * Small, honest services for tests and the flow simulator: intents by token
 * overlap with their names and example utterances, retrieval by token overlap
 * over an in-memory FAQ list, HTTP through an injected fetch, agents online
 * unless told otherwise, and no AI (the generate call fails with a clear
 * message, so flows take their error path).
 */
export function createKeywordServices(options: KeywordServicesOptions = {}): FlowServices {
  const intents = (options.intents ?? []).map((intent) => ({
    name: intent.name,
    utterances: [intent.name.replace(/[_-]+/g, " "), ...intent.examples].map(tokenize),
  }));
  const faqs = (options.faqs ?? []).map((faq) => ({ faq, question: tokenize(faq.question), all: tokenize(`${faq.question} ${faq.answer}`) }));

  return {
    classify({ text, intents: allowed, threshold }) {
      const query = tokenize(text);
      let best: ClassifyResult = { intent: null, confidence: 0 };
      for (const intent of intents) {
        if (!allowed.includes(intent.name)) continue;
        for (const utterance of intent.utterances) {
          const score = overlap(query, utterance);
          if (score > best.confidence) best = { intent: intent.name, confidence: score };
        }
      }
      return Promise.resolve(best.confidence >= threshold ? best : { intent: null, confidence: best.confidence });
    },
    retrieve({ query, topK, threshold }) {
      const tokens = tokenize(query);
      const hits: KnowledgeHit[] = faqs
        .map(({ faq, question, all }) => ({
          id: faq.id,
          title: faq.question,
          answer: faq.answer,
          ...(faq.source ? { source: faq.source } : {}),
          // The question says what an entry is about; the answer only adds evidence.
          score: Math.min(1, 0.75 * overlap(tokens, question) + 0.25 * overlap(tokens, all)),
        }))
        .filter((hit) => hit.score >= threshold && hit.score > 0)
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .slice(0, topK);
      return Promise.resolve({ hits });
    },
    generate(_request: GenerateRequest): Promise<GenerateResult> {
      return Promise.reject(new Error(AI_NOT_CONFIGURED_MESSAGE));
    },
    async httpRequest(request: HttpRequest): Promise<HttpResponse> {
      if (!options.fetch) throw new Error("HTTP requests are not configured in this environment.");
      const response = await options.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body };
    },
    isAgentOnline: async () => (options.isAgentOnline ? await options.isAgentOnline() : true),
    now: options.now ?? (() => 0),
  };
}
