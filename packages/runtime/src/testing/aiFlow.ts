import { createKeywordServices, type FlowServices, type GenerateRequest } from "@chatwright/flow";
import { buildGraph } from "./fixtures";

/** start -> listen -> llm -> listen: every visitor message waits on one AI reply. */
export const aiReplyGraph = buildGraph(
  [
    { id: "start", type: "start", data: { greeting: "Hi! Ask me anything." } },
    { id: "listen", type: "listen", data: { variable: "q" } },
    { id: "ai", type: "llm", data: { prompt: "{{ q }}", systemPrompt: "Be brief.", model: "openai/gpt-4o-mini", temperature: 0, maxTokens: 100, useKnowledge: false } },
  ],
  ["start:next->listen", "listen:next->ai", "ai:next->listen"],
);

/** Keyword services whose AI reply is `AI: <prompt>`, after `wait` (the outside world) resolves. */
export function aiServices(wait: (request: GenerateRequest) => Promise<void> = () => Promise.resolve()): FlowServices & { calls: string[] } {
  const calls: string[] = [];
  return {
    ...createKeywordServices(),
    calls,
    generate: async (request) => {
      calls.push(request.prompt);
      await wait(request);
      return { text: `AI: ${request.prompt}` };
    },
  };
}
