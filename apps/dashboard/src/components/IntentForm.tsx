import { useState, type FormEvent, type KeyboardEvent } from "react";
import type { ErrorDescription } from "../errors";
import { exampleAdvice, examplesToText, parseExampleLines } from "../intentExamples";
import { Field } from "./Field";
import { FormError } from "./FormError";
import { TextareaField } from "./TextareaField";

export interface IntentValues {
  name: string;
  description: string | null;
  examples: string[];
}

interface IntentFormProps {
  initial?: IntentValues;
  /** for screen readers, e.g. "for “Track order”" when editing, so names stay unique on the page */
  labelSuffix?: string;
  submitLabel: string;
  isPending: boolean;
  error: ErrorDescription | null;
  onSubmit: (values: IntentValues) => void;
  onCancel?: () => void;
}

/** Name, description and example phrases of an intent; used to create one and to edit one in place. */
export function IntentForm({ initial, labelSuffix, submitLabel, isPending, error, onSubmit, onCancel }: IntentFormProps) {
  const [name, setName] = useState(initial?.name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [examplesText, setExamplesText] = useState(examplesToText(initial?.examples ?? []));
  const [localError, setLocalError] = useState<string | null>(null);
  const examples = parseExampleLines(examplesText);
  const advice = exampleAdvice(examples.length);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (examples.length === 0) {
      setLocalError("Add at least one example phrase: something a customer might type when they want this.");
      return;
    }
    setLocalError(null);
    onSubmit({ name: name.trim(), description: description.trim() === "" ? null : description.trim(), examples });
  }

  function cancelOnEscape(event: KeyboardEvent<HTMLFormElement>) {
    if (onCancel && event.key === "Escape") {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <form onSubmit={submit} onKeyDown={cancelOnEscape} noValidate className="intent-form">
      <Field
        label="Intent name"
        labelSuffix={labelSuffix}
        hint="A short name for what the customer wants, e.g. “Track order” or “Opening hours”."
        autoComplete="off"
        required
        value={name}
        onChange={(e) => setName(e.target.value)}
        errors={error?.fieldErrors.name}
      />
      <Field
        label="Description"
        labelSuffix={labelSuffix}
        hint="Optional. What it covers, for you and your team."
        autoComplete="off"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        errors={error?.fieldErrors.description}
      />
      <TextareaField
        label="Example phrases (one per line)"
        labelSuffix={labelSuffix}
        hint={advice ?? `${examples.length} examples. Good: the more different the wordings, the better the bot recognises this.`}
        rows={6}
        value={examplesText}
        onChange={(e) => setExamplesText(e.target.value)}
        errors={error?.fieldErrors.examples}
      />
      <FormError message={localError ?? error?.message} />
      <div className="actions">
        <button type="submit" disabled={isPending}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
