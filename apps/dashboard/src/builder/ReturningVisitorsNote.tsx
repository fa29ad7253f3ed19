import "./returningVisitors.css";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeReturningVisitors } from "./describeReturningVisitors";

/** Who gets a newly published version, with the bot's own session timeout (set on the Install tab). */
export function ReturningVisitorsNote({ workspaceId, botId }: { workspaceId: string; botId: string }) {
  const trpc = useTRPC();
  const timeout = useQuery(trpc.bots.sessionTimeout.queryOptions({ workspaceId, botId }));
  return timeout.data ? <span className="returning-note">{describeReturningVisitors(timeout.data.minutes)}</span> : null;
}
