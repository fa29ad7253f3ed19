import { QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
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

/** Same-origin API: the session is an httpOnly cookie the browser sends by itself. */
export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: "/trpc", fetch: (url, options) => fetch(url, { ...options, credentials: "same-origin" }) })],
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
