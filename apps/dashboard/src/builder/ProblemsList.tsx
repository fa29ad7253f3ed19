import { useShallow } from "zustand/react/shallow";
import type { FlowIssue } from "@chatwright/flow";
import { useBuilder } from "./store";

/** The validator's findings as buttons: each takes you to the node it is about. */
export function ProblemsList({ onFocusNode }: { onFocusNode(nodeId: string): void }) {
  const { errors, warnings } = useBuilder(useShallow((state) => ({ errors: state.validation.errors, warnings: state.validation.warnings })));
  if (errors.length === 0 && warnings.length === 0) {
    return (
      <section className="problems" aria-label="Problems">
        <p className="success">No problems: this flow is ready to publish.</p>
      </section>
    );
  }
  return (
    <section className="problems" aria-label="Problems">
      {errors.length ? <IssueList title={`To fix before publishing (${errors.length})`} issues={errors} isError onFocusNode={onFocusNode} /> : null}
      {warnings.length ? <IssueList title={`Worth a look (${warnings.length})`} issues={warnings} isError={false} onFocusNode={onFocusNode} /> : null}
    </section>
  );
}

function IssueList({ title, issues, isError, onFocusNode }: { title: string; issues: FlowIssue[]; isError: boolean; onFocusNode(nodeId: string): void }) {
  return (
    <>
      <h4>{title}</h4>
      <ul className={isError ? "problem-list is-error" : "problem-list"}>
        {issues.map((issue, index) => (
          <li key={`${issue.code}:${issue.nodeId ?? ""}:${issue.handle ?? ""}:${index}`}>
            {issue.nodeId ? (
              <button type="button" className="problem" onClick={() => onFocusNode(issue.nodeId ?? "")}>
                {issue.message}
              </button>
            ) : (
              <span className="problem">{issue.message}</span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
