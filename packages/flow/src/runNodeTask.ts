import { z } from "zod";
import { businessHoursSchema } from "./businessHours.ts";
import { isWithinBusinessHours } from "./isWithinBusinessHours.ts";
import { renderTemplate } from "./renderTemplate.ts";
import type { FlowServices, KnowledgeHit } from "./services.ts";
import type { FlowVariables } from "./variables.ts";

/** A message the bot sends (templating already applied). */
export interface BotMessage {
  text: string;
  quickReplies?: string[];
  /** Titles or addresses of the knowledge used, for citations. */
  sources?: string[];
}

/** What a work node's actor reports back; `handle` picks the output to follow. */
export interface NodeResult {
  handle: string;
  variables: FlowVariables;
  messages: BotMessage[];
  knowledge: KnowledgeHit[];
  /** Why the step failed without throwing (e.g. HTTP status 500). */
  failure?: string;
}

const searchParams = z.object({ topK: z.number().int().min(1), threshold: z.number() });

/** Params per task, parsed once per machine when the stored config is hydrated. */
export const taskParamSchemas = {
  intent: z.object({ intents: z.array(z.string()), threshold: z.number() }),
  faqDirect: searchParams,
  faqRetrieve: searchParams,
  knowledge: searchParams,
  faqGenerate: z.object({ systemPrompt: z.string(), model: z.string().optional() }),
  llm: z.object({
    prompt: z.string(),
    systemPrompt: z.string(),
    model: z.string(),
    temperature: z.number(),
    maxTokens: z.number().int(),
    useKnowledge: z.boolean(),
    saveAs: z.string().optional(),
  }),
  http: z.object({
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.string(),
    timeoutMs: z.number().int(),
    responseMapping: z.array(z.object({ variable: z.string(), path: z.string() })),
  }),
  handoffAvailability: z.object({ businessHours: businessHoursSchema.optional() }),
} as const;

export type TaskName = keyof typeof taskParamSchemas;
export type TaskRequest = { [K in TaskName]: { task: K; params: z.infer<(typeof taskParamSchemas)[K]> } }[TaskName];

export type NodeActorInput = TaskRequest & {
  nodeId: string;
  variables: FlowVariables;
  knowledge: KnowledgeHit[];
};

// Service answers come from outside this package: parse them.
const classifyResultSchema = z.object({ intent: z.string().nullable(), confidence: z.number() });
const knowledgeHitSchema = z.object({
  id: z.string(),
  answer: z.string(),
  score: z.number(),
  title: z.string().optional(),
  source: z.string().optional(),
});
const retrieveResultSchema = z.object({ hits: z.array(knowledgeHitSchema) });
const generateResultSchema = z.object({ text: z.string(), isDeclined: z.boolean().optional() });
const httpResponseSchema = z.object({ status: z.number().int(), body: z.unknown() });
const isAgentOnlineSchema = z.boolean();

const DEFAULT_FAQ_TEMPERATURE = 0.2;
const DEFAULT_FAQ_MAX_TOKENS = 400;

function lastMessage(variables: FlowVariables): string {
  return (variables.last_message ?? "").trim();
}

function sourcesOf(hits: readonly KnowledgeHit[]): string[] {
  const sources: string[] = [];
  for (const hit of hits) {
    const source = hit.title ?? hit.source;
    if (source && !sources.includes(source)) sources.push(source);
  }
  return sources;
}

function result(handle: string, parts: Partial<Omit<NodeResult, "handle">> = {}): NodeResult {
  return { handle, variables: parts.variables ?? {}, messages: parts.messages ?? [], knowledge: parts.knowledge ?? [], ...(parts.failure ? { failure: parts.failure } : {}) };
}

/** Reads "order.items.0.name" from a JSON value; own properties only. */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split(".")) {
    if (Array.isArray(current)) {
      const index = Number(key);
      current = Number.isInteger(index) && index >= 0 ? current[index] : undefined;
    } else if (typeof current === "object" && current !== null && Object.hasOwn(current, key)) {
      current = Reflect.get(current, key);
    } else {
      return undefined;
    }
  }
  return current;
}

function toText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? "";
}

/** Escapes a value for use inside a JSON string literal of a templated body. */
function jsonStringContent(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

async function searchKnowledge(services: FlowServices, query: string, topK: number, threshold: number): Promise<KnowledgeHit[]> {
  if (query === "") return [];
  const found = retrieveResultSchema.parse(await services.retrieve({ query, topK, threshold }));
  return found.hits
    .filter((hit) => hit.score >= threshold)
    .slice(0, topK)
    .map((hit) => ({ ...hit }));
}

/**
 * Runs one work node's step against the services and shapes the answer.
 * Rejects when the service fails; the machine then follows `error` or
 * sends the fallback message.
 */
export async function runNodeTask(input: NodeActorInput, services: FlowServices, onToken: (chunk: string) => void): Promise<NodeResult> {
  const { variables } = input;
  switch (input.task) {
    case "intent": {
      const { intents, threshold } = input.params;
      const text = lastMessage(variables);
      if (text === "") return result("fallback", { variables: { intent: "", intent_confidence: "0" } });
      const answer = classifyResultSchema.parse(await services.classify({ text, intents, threshold }));
      const confidence = Math.max(0, Math.min(1, answer.confidence));
      const intent = answer.intent !== null && intents.includes(answer.intent) && confidence >= threshold ? answer.intent : null;
      return result(intent ?? "fallback", {
        variables: { intent: intent ?? "", intent_confidence: String(Math.round(confidence * 1000) / 1000) },
      });
    }
    case "faqDirect": {
      const hits = await searchKnowledge(services, lastMessage(variables), input.params.topK, input.params.threshold);
      const best = hits[0];
      if (!best) return result("notFound");
      const sources = sourcesOf([best]);
      return result("answered", {
        variables: { answer: best.answer },
        messages: [{ text: best.answer, ...(sources.length > 0 ? { sources } : {}) }],
      });
    }
    case "faqRetrieve": {
      const hits = await searchKnowledge(services, lastMessage(variables), input.params.topK, input.params.threshold);
      return hits.length > 0 ? result("answered", { knowledge: hits }) : result("notFound");
    }
    case "knowledge": {
      const hits = await searchKnowledge(services, lastMessage(variables), input.params.topK, input.params.threshold);
      return result("next", { knowledge: hits });
    }
    case "faqGenerate": {
      const best = input.knowledge[0];
      try {
        const reply = generateResultSchema.parse(
          await services.generate({
            prompt: lastMessage(variables),
            systemPrompt: input.params.systemPrompt,
            ...(input.params.model ? { model: input.params.model } : {}),
            temperature: DEFAULT_FAQ_TEMPERATURE,
            maxTokens: DEFAULT_FAQ_MAX_TOKENS,
            context: input.knowledge,
            onToken,
          }),
        );
        // An honest "I don't know" (or a reply the product would not stand behind) is not an answer: the flow's
        // notFound path runs, and analytics lists the question among those the bot could not answer.
        if (reply.isDeclined === true) return result("notFound");
        const text = reply.text.trim();
        if (text === "") throw new Error("The AI model returned an empty reply.");
        const sources = sourcesOf(input.knowledge);
        return result("answered", { variables: { answer: text }, messages: [{ text, ...(sources.length > 0 ? { sources } : {}) }] });
      } catch (error) {
        // Without a working model the best stored answer still helps the visitor.
        if (!best) throw error;
        const sources = sourcesOf([best]);
        return result("answered", {
          variables: { answer: best.answer },
          messages: [{ text: best.answer, ...(sources.length > 0 ? { sources } : {}) }],
        });
      }
    }
    case "llm": {
      const { params } = input;
      const context = params.useKnowledge ? input.knowledge : undefined;
      const reply = generateResultSchema.parse(
        await services.generate({
          prompt: renderTemplate(params.prompt, variables),
          systemPrompt: renderTemplate(params.systemPrompt, variables),
          model: params.model,
          temperature: params.temperature,
          maxTokens: params.maxTokens,
          ...(context ? { context } : {}),
          onToken,
        }),
      );
      const text = reply.text.trim();
      if (text === "") throw new Error("The AI model returned an empty reply.");
      const sources = context ? sourcesOf(context) : [];
      return result("next", {
        variables: { answer: text, ...(params.saveAs ? { [params.saveAs]: text } : {}) },
        messages: [{ text, ...(sources.length > 0 ? { sources } : {}) }],
      });
    }
    case "http": {
      const { params } = input;
      const url = renderTemplate(params.url, variables, { encodeValue: encodeURIComponent }).trim();
      let parsedUrl: URL;
      try {
        parsedUrl = new URL(url);
      } catch {
        return result("error", { failure: `“${url}” is not a valid web address.` });
      }
      if (parsedUrl.protocol !== "https:" && parsedUrl.protocol !== "http:") {
        return result("error", { failure: `Only http and https addresses can be called, not “${parsedUrl.protocol}”.` });
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(params.headers)) {
        // Visitor text must never add header lines.
        headers[name] = renderTemplate(value, variables).replace(/[\r\n]+/g, " ");
      }
      const isJsonBody = /^\s*[[{]/.test(params.body);
      const body =
        params.method === "GET" || params.method === "DELETE" || params.body.trim() === ""
          ? undefined
          : renderTemplate(params.body, variables, isJsonBody ? { encodeValue: jsonStringContent } : {});
      const response = httpResponseSchema.parse(
        await services.httpRequest({
          method: params.method,
          url: parsedUrl.toString(),
          headers,
          ...(body !== undefined ? { body } : {}),
          timeoutMs: params.timeoutMs,
        }),
      );
      if (response.status < 200 || response.status > 299) {
        return result("error", { failure: `The request to ${parsedUrl.host} answered with status ${response.status}.` });
      }
      const mapped: FlowVariables = {};
      for (const { variable, path } of params.responseMapping) mapped[variable] = toText(readPath(response.body, path));
      return result("ok", { variables: mapped });
    }
    case "handoffAvailability": {
      // Closed needs no presence lookup (which may be a network call).
      const { businessHours } = input.params;
      if (businessHours && !isWithinBusinessHours(businessHours, new Date(services.now()))) return result("offline");
      return result(isAgentOnlineSchema.parse(await services.isAgentOnline()) ? "available" : "offline");
    }
  }
}
