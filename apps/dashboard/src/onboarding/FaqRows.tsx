import "./onboarding.css";
import { useEffect, useRef } from "react";
import { Field } from "../components/Field";
import { TextareaField } from "../components/TextareaField";
import { createFaqRow, type FaqRow, type FaqRowErrors } from "./faqRows";

interface FaqRowsProps {
  rows: FaqRow[];
  errors: Record<string, FaqRowErrors>;
  onChange: (rows: FaqRow[]) => void;
  isDisabled?: boolean;
}

/**
 * The questions-and-answers rows: one question and its answer per row,
 * edited in place, rows added and removed. Which rows are sent, and their
 * errors, are the form's (checkFaqRows).
 */
export function FaqRows({ rows, errors, onChange, isDisabled = false }: FaqRowsProps) {
  const list = useRef<HTMLOListElement>(null);
  const focusRow = useRef<string | null>(null);
  useEffect(() => {
    if (focusRow.current === null) return;
    list.current?.querySelector<HTMLInputElement>(`[data-row="${focusRow.current}"] input`)?.focus();
    focusRow.current = null;
  }, [rows]);

  const update = (key: string, change: Partial<FaqRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  const remove = (index: number) => {
    const remaining = rows.filter((_, i) => i !== index);
    const next = remaining.length > 0 ? remaining : [createFaqRow()];
    // Focus goes to the row that took its place (or the one before), not back to the top of the page.
    focusRow.current = (next[Math.min(index, next.length - 1)] ?? next[0])?.key ?? null;
    onChange(next);
  };
  const add = () => {
    const row = createFaqRow();
    focusRow.current = row.key;
    onChange([...rows, row]);
  };

  return (
    <div className="faq-rows">
      <ol className="faq-row-list" ref={list} aria-label="Questions and answers">
        {rows.map((row, index) => (
          <li key={row.key} className="faq-row" data-row={row.key}>
            <span className="faq-row-number" aria-hidden="true">
              {index + 1}
            </span>
            <Field
              label="Question"
              labelSuffix={String(index + 1)}
              className="faq-question"
              autoComplete="off"
              placeholder={index === 0 ? "e.g. How long does shipping take?" : undefined}
              value={row.question}
              disabled={isDisabled}
              maxLength={1000}
              onChange={(event) => update(row.key, { question: event.target.value })}
              errors={errors[row.key]?.question ? [errors[row.key]?.question ?? ""] : undefined}
            />
            <TextareaField
              label="Answer"
              labelSuffix={String(index + 1)}
              className="faq-answer"
              rows={2}
              placeholder={index === 0 ? "e.g. Orders arrive within 2 to 4 working days." : undefined}
              value={row.answer}
              disabled={isDisabled}
              maxLength={10_000}
              onChange={(event) => update(row.key, { answer: event.target.value })}
              errors={errors[row.key]?.answer ? [errors[row.key]?.answer ?? ""] : undefined}
            />
            <button
              type="button"
              className="secondary faq-remove"
              aria-label={`Remove question ${index + 1}`}
              title="Remove this question"
              disabled={isDisabled || (rows.length === 1 && row.question === "" && row.answer === "")}
              onClick={() => remove(index)}
            >
              <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="secondary faq-add" disabled={isDisabled} onClick={add}>
        <span aria-hidden="true">+</span> Add a question
      </button>
    </div>
  );
}
