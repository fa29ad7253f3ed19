import { useEffect, useRef } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "../trpc";

const HEARTBEAT_MS = 20_000;

/**
 * The inbox's live side: refetches lists and the open conversation on every
 * workspace notice, keeps the agent's presence fresh, and raises a browser
 * notification for a new waiting conversation when the user allowed them.
 */
export function useInboxLive(input: { workspaceId: string; presence: "online" | "away" }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const heartbeat = useMutation(trpc.inbox.heartbeat.mutationOptions());
  const beat = useRef(heartbeat.mutate);
  beat.current = heartbeat.mutate;

  useEffect(() => {
    const send = () => beat.current({ workspaceId: input.workspaceId, state: input.presence });
    send();
    const timer = window.setInterval(send, HEARTBEAT_MS);
    return () => window.clearInterval(timer);
  }, [input.workspaceId, input.presence]);

  useSubscription(
    trpc.inbox.events.subscriptionOptions(
      { workspaceId: input.workspaceId },
      {
        onData: (notice) => {
          void queryClient.invalidateQueries({ queryKey: trpc.inbox.list.pathKey() });
          void queryClient.invalidateQueries(trpc.inbox.get.queryFilter({ workspaceId: input.workspaceId, conversationId: notice.conversationId }));
          if (notice.reason === "handoff" && typeof Notification !== "undefined" && Notification.permission === "granted" && document.visibilityState !== "visible") {
            new Notification("A visitor is waiting for a person", { body: "Open the inbox to claim the conversation.", tag: notice.conversationId });
          }
        },
      },
    ),
  );
}
