import type { LlmProvider } from "@chatwright/llm";

export interface WorkspaceLlmProviderOptions {
  /** The server's provider (OPENROUTER_API_KEY; possibly not configured). */
  shared: LlmProvider;
  /** Whether any workspace could have its own key here (secrets can be opened). */
  canUseOwnKeys: boolean;
  /** The provider of the workspace's own key when it has one and may use it; asked at most once, at the first LLM call. */
  readOwnKey: () => Promise<{ provider: LlmProvider } | null>;
}

/**
 * The LLM provider one turn's services use: the workspace's own OpenRouter key
 * (Enterprise, stored sealed) when it has one, else the server's. The key is
 * read lazily, at the first call, so turns that never reach an AI node cost
 * no extra query. `isConfigured` cannot know the workspace synchronously, so
 * it is true wherever an own key could exist; a call with neither key still
 * rejects with LlmNotConfiguredError, as the shared provider does.
 */
export function createWorkspaceLlmProvider(options: WorkspaceLlmProviderOptions): LlmProvider {
  let chosen: Promise<LlmProvider> | null = null;
  const choose = (): Promise<LlmProvider> => {
    chosen ??= options.canUseOwnKeys
      ? options.readOwnKey().then((own) => own?.provider ?? options.shared)
      : Promise.resolve(options.shared);
    return chosen;
  };
  return {
    isConfigured: options.shared.isConfigured || options.canUseOwnKeys,
    generate: async (request) => (await choose()).generate(request),
    embed: async (request) => (await choose()).embed(request),
    chooseIntent: async (request) => (await choose()).chooseIntent(request),
  };
}
