import type { FlowIssue } from "@chatwright/flow";

/** Output names as the card shows them under its handles. */
export const HANDLE_LABELS: Readonly<Record<string, string>> = { next: "", notFound: "not found", ok: "ok", error: "error", invalid: "invalid", true: "true", false: "false" };

export function labelHandle(handle: string): string {
  return HANDLE_LABELS[handle] ?? handle;
}

/**
 * A badge has room for a few words; the full sentence (which names the node,
 * needless on its own card) stays in the tooltip and the problems list.
 * Other issues show `message`: the sentence with steps called by their names.
 */
export function describeIssueOnCard(issue: FlowIssue, message = issue.message): string {
  const handle = issue.handle === undefined ? "" : labelHandle(issue.handle);
  switch (issue.code) {
    case "unconnectedOutput":
      return handle ? `Connect the “${handle}” output` : "Connect this step to the next one";
    case "unconnectedOptionalOutput":
      return handle ? `The “${handle}” output is not connected` : "An output is not connected";
    case "unreachableNode":
      return "No step leads here yet";
    default:
      return message;
  }
}
