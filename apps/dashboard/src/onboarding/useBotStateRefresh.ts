import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";

/**
 * Keeps a bot's live-state badge true while the owner works elsewhere on the
 * page: any flows or knowledge change that succeeds (a publish, a rollback,
 * the FAQ bot's setup, first answers) refreshes the bot. The canvas's
 * autosave goes around the query cache; the bot page polls while the Flow tab
 * is open for that.
 */
export function useBotStateRefresh(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type !== "updated" || event.action.type !== "success") return;
        const path = event.mutation.options.mutationKey?.[0];
        const area = Array.isArray(path) ? path[0] : null;
        if (area === "flows" || area === "knowledge") void queryClient.invalidateQueries(trpc.bots.pathFilter());
      }),
    [queryClient, trpc],
  );
}
