import { QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter, inferRouterOutputs } from "@chatwright/api";
import { errorCode, isUnauthorized } from "./errors";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type Me = RouterOutputs["auth"]["me"];
export type WorkspaceSummary = Me["workspaces"][number];
export type Bot = RouterOutputs["bots"]["list"][number];
export type Member = RouterOutputs["workspaces"]["members"][number];
export type Role = WorkspaceSummary["role"];
export type KnowledgeSource = RouterOutputs["knowledge"]["listSources"][number];
export type KnowledgeChunk = RouterOutputs["knowledge"]["listChunks"][number];
export type RetrievalHit = RouterOutputs["knowledge"]["testRetrieval"]["hits"][number];
export type SkippedRow = RouterOutputs["knowledge"]["importFaq"]["skipped"][number];
export type Intent = RouterOutputs["intents"]["list"][number];
export type InboxList = RouterOutputs["inbox"]["list"];
export type InboxRow = InboxList["conversations"][number];
export type InboxConversation = RouterOutputs["inbox"]["get"];
export type ApiKey = RouterOutputs["apiKeys"]["list"][number];

/**
 * Same-origin API: the session is an httpOnly cookie the browser sends by
 * itself (on the WebSocket upgrade too). Subscriptions (the inbox's live
 * updates) go over one lazy WebSocket, opened on the first subscription.
 */
export function createApiClient() {
  const wsUrl = `${window.location.protocol === "https:" ? "wss:" : "ws:"}//${window.location.host}/trpc`;
  const wsClient = createWSClient({ url: wsUrl, lazy: { enabled: true, closeMs: 10_000 } });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({ url: "/trpc", fetch: (url, options) => fetch(url, { ...options, credentials: "same-origin" }) }),
      }),
    ],
  });
}

/** Codes that mean "asking again will not help". */
const FINAL_CODES = new Set(["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED", "TOO_MANY_REQUESTS"]);

const ME_PATH = JSON.stringify(["auth", "me"]);

export function createAppQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      // A session that expires mid-use: any query failing with UNAUTHORIZED
      // makes auth.me refetch, and the app shows sign-in.
      onError: (error, query) => {
        if (isUnauthorized(error) && JSON.stringify(query.queryKey[0]) !== ME_PATH) {
          void queryClient.invalidateQueries({ queryKey: [["auth", "me"]] });
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => !FINAL_CODES.has(errorCode(error) ?? "") && failureCount < 2,
      },
    },
  });
  return queryClient;
}
