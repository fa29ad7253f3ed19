import { useShallow } from "zustand/react/shallow";
import type { FlowIssue } from "@chatwright/flow";
import { useBuilder } from "./store";

/** The validator's findings as buttons: each takes you to the node it is about, called by its name on the canvas. */
export function ProblemsList({ onFocusNode }: { onFocusNode(nodeId: string): void }) {
  // Changed by edits only, never by a drag: the list does not re-render while a card moves.
  const { errors, warnings, problemTexts } = useBuilder(useShallow((state) => ({ errors: state.validation.errors, warnings: state.validation.warnings, problemTexts: state.problemTexts })));
  if (errors.length === 0 && warnings.length === 0) {
    return (
      <section className="problems" aria-label="Problems">
        <p className="success">No problems: this flow is ready to publish.</p>
      </section>
    );
  }
  return (
    <section className="problems" aria-label="Problems">
      {errors.length ? <IssueList title={`To fix before publishing (${errors.length})`} issues={errors} texts={problemTexts} isError onFocusNode={onFocusNode} /> : null}
      {warnings.length ? <IssueList title={`Worth a look (${warnings.length})`} issues={warnings} texts={problemTexts} isError={false} onFocusNode={onFocusNode} /> : null}
    </section>
  );
}

interface IssueListProps {
  title: string;
  issues: FlowIssue[];
  texts: ReadonlyMap<FlowIssue, string>;
  isError: boolean;
  onFocusNode(nodeId: string): void;
}

function IssueList({ title, issues, texts, isError, onFocusNode }: IssueListProps) {
  return (
    <>
      <h4>{title}</h4>
      <ul className={isError ? "problem-list is-error" : "problem-list"}>
        {issues.map((issue, index) => {
          const text = texts.get(issue) ?? issue.message;
          return (
            <li key={`${issue.code}:${issue.nodeId ?? ""}:${issue.handle ?? ""}:${index}`}>
              {issue.nodeId ? (
                <button type="button" className="problem" onClick={() => onFocusNode(issue.nodeId ?? "")}>
                  {text}
                </button>
              ) : (
                <span className="problem">{text}</span>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
