import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

/**
 * Form controls of the side panel. Every control has a visible label tied to
 * it; hints and errors are announced with the control.
 */
interface FieldShellProps {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined }) => ReactNode;
}

function FieldShell({ label, hint, error, children }: FieldShellProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {children({ id, describedBy })}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextInput(props: { label: string; value: string; onChange(value: string): void; hint?: string; placeholder?: string; list?: string; error?: string | undefined }) {
  return (
    <FieldShell label={props.label} hint={props.hint} error={props.error}>
      {({ id, describedBy }) => (
        <input
          id={id}
          value={props.value}
          placeholder={props.placeholder}
          list={props.list}
          aria-describedby={describedBy}
          aria-invalid={props.error ? true : undefined}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </FieldShell>
  );
}

export function NumberInput(props: { label: string; value: number | undefined; onChange(value: number | undefined): void; min?: number; max?: number; step?: number; hint?: string }) {
  return (
    <FieldShell label={props.label} hint={props.hint}>
      {({ id, describedBy }) => (
        <input
          id={id}
          type="number"
          inputMode="decimal"
          value={props.value ?? ""}
          min={props.min}
          max={props.max}
          step={props.step}
          aria-describedby={describedBy}
          onChange={(event) => props.onChange(event.target.value === "" ? undefined : Number(event.target.value))}
        />
      )}
    </FieldShell>
  );
}

/** A 0..1 threshold as a slider with its value spelled out. */
export function ThresholdInput(props: { label: string; value: number; onChange(value: number): void; hint?: string }) {
  return (
    <FieldShell label={props.label} hint={props.hint}>
      {({ id, describedBy }) => (
        <div className="range-row">
          <input id={id} type="range" min={0} max={1} step={0.05} value={props.value} aria-describedby={describedBy} onChange={(event) => props.onChange(Number(event.target.value))} />
          <output htmlFor={id} className="range-value">
            {Math.round(props.value * 100)}%
          </output>
        </div>
      )}
    </FieldShell>
  );
}

export function SelectInput<T extends string>(props: { label: string; value: T; options: readonly { value: T; label: string }[]; onChange(value: T): void; hint?: string }) {
  return (
    <FieldShell label={props.label} hint={props.hint}>
      {({ id, describedBy }) => (
        <select
          id={id}
          value={props.value}
          aria-describedby={describedBy}
          onChange={(event) => {
            const chosen = props.options.find((option) => option.value === event.target.value);
            if (chosen) props.onChange(chosen.value);
          }}
        >
          {props.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

export function CheckboxInput(props: { label: string; checked: boolean; onChange(checked: boolean): void; hint?: string }) {
  const id = useId();
  return (
    <div className="field checkbox-field">
      <input id={id} type="checkbox" checked={props.checked} onChange={(event) => props.onChange(event.target.checked)} aria-describedby={props.hint ? `${id}-hint` : undefined} />
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <p id={`${id}-hint`} className="hint">
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

/** The two OpenRouter models the product offers (packages/llm MODELS; not imported: it pulls the openai SDK into the browser). */
export const MODEL_CHOICES = [
  { value: "mistralai/mistral-small-3.1-24b-instruct", label: "Mistral Small 3.1 (24B) — fast, low cost" },
  { value: "openai/gpt-4o-mini", label: "GPT-4o mini — stronger reasoning" },
] as const;

export function ModelPicker(props: { value: string | undefined; onChange(value: string | undefined): void; allowBotDefault?: boolean }) {
  const options = [
    ...(props.allowBotDefault ? [{ value: "", label: "The bot's default model" }] : []),
    ...MODEL_CHOICES,
    // A model id set elsewhere (an imported flow) stays selectable rather than silently changed.
    ...(props.value && !MODEL_CHOICES.some((model) => model.value === props.value) ? [{ value: props.value, label: props.value }] : []),
  ];
  return <SelectInput label="Model" value={props.value ?? ""} options={options} onChange={(value) => props.onChange(value === "" ? undefined : value)} />;
}

/** The `{{partial` being typed right before the caret, if any. */
export function findOpenPlaceholder(text: string, caret: number): { start: number; partial: string } | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf("{{");
  if (open === -1 || before.indexOf("}}", open) !== -1) return null;
  const partial = before.slice(open + 2).trimStart();
  if (!/^[A-Za-z0-9_]*$/.test(partial)) return null;
  return { start: open, partial };
}

/**
 * A text with `{{ variable }}` placeholders. Typing `{{` lists the variables
 * the flow knows; arrow keys choose, Enter or Tab inserts, Escape closes.
 */
export function TemplateInput(props: { label: string; value: string; onChange(value: string): void; variables: readonly string[]; hint?: string; rows?: number; error?: string | undefined }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [highlight, setHighlight] = useState(0);
  const [isDismissed, setIsDismissed] = useState(false);
  const listId = useId();
  const open = caret === null || isDismissed ? null : findOpenPlaceholder(props.value, caret);
  const suggestions = open ? props.variables.filter((name) => name.toLowerCase().startsWith(open.partial.toLowerCase())).slice(0, 8) : [];
  const isOpen = suggestions.length > 0;

  const insert = (name: string) => {
    if (!open || caret === null) return;
    const next = `${props.value.slice(0, open.start)}{{ ${name} }}${props.value.slice(caret)}`;
    const nextCaret = open.start + name.length + 6;
    props.onChange(next);
    setCaret(null);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(nextCaret, nextCaret);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!isOpen) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setHighlight((index) => (index + (event.key === "ArrowDown" ? 1 : suggestions.length - 1)) % suggestions.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      insert(suggestions[Math.min(highlight, suggestions.length - 1)] ?? "");
    } else if (event.key === "Escape") {
      event.preventDefault();
      setIsDismissed(true);
    }
  };

  return (
    <FieldShell label={props.label} hint={props.hint ?? "Type {{ to insert a variable."} error={props.error}>
      {({ id, describedBy }) => (
        <div className="template-input">
          <textarea
            ref={ref}
            id={id}
            rows={props.rows ?? 3}
            value={props.value}
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={isOpen}
            aria-controls={listId}
            aria-activedescendant={isOpen ? `${listId}-${Math.min(highlight, suggestions.length - 1)}` : undefined}
            aria-describedby={describedBy}
            onKeyDown={onKeyDown}
            onChange={(event) => {
              props.onChange(event.target.value);
              setCaret(event.target.selectionStart);
              setIsDismissed(false);
              setHighlight(0);
            }}
            onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
            onBlur={() => setTimeout(() => setCaret(null), 150)}
          />
          <ul id={listId} role="listbox" aria-label="Variables" className="variable-suggestions" hidden={!isOpen}>
            {suggestions.map((name, index) => (
              <li
                key={name}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === Math.min(highlight, suggestions.length - 1)}
                onMouseDown={(event) => {
                  event.preventDefault();
                  insert(name);
                }}
              >
                {name}
              </li>
            ))}
          </ul>
        </div>
      )}
    </FieldShell>
  );
}

/** One entry per line, for short lists such as quick replies. */
export function LinesInput(props: { label: string; value: readonly string[]; onChange(value: string[]): void; hint?: string }) {
  // The raw text keeps a half-typed empty line; the node gets the non-empty lines.
  const [text, setText] = useState(props.value.join("\n"));
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  const shown = lines.join("\n") === props.value.join("\n") ? text : props.value.join("\n");
  return (
    <FieldShell label={props.label} hint={props.hint ?? "One per line."}>
      {({ id, describedBy }) => (
        <textarea
          id={id}
          rows={3}
          value={shown}
          aria-describedby={describedBy}
          onChange={(event) => {
            setText(event.target.value);
            props.onChange(event.target.value.split("\n").map((line) => line.trim()).filter(Boolean));
          }}
        />
      )}
    </FieldShell>
  );
}
