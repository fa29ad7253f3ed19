import { useState, type FormEvent, type ReactNode } from "react";
import { describeError } from "../errors";
import { Dialog } from "./Dialog";
import { Field } from "./Field";
import { FormError } from "./FormError";

interface TypeToConfirmDialogProps {
  title: string;
  /** What will be lost, in the owner's words. */
  children: ReactNode;
  /** What the owner types to confirm, e.g. the bot's name. */
  name: string;
  /** The field's label, e.g. "Type the bot name to confirm". */
  fieldLabel: string;
  /** The dangerous button's label, e.g. "Delete bot". */
  confirmLabel: string;
  isPending: boolean;
  error: unknown;
  /** Called with the text as typed; the server checks it again (its field errors show under the field as `confirmName`). */
  onConfirm: (confirmName: string) => void;
  onClose: () => void;
}

/** "Type the name again to confirm" for deleting something big for good: the action stays disabled until the name matches. */
export function TypeToConfirmDialog({ title, children, name, fieldLabel, confirmLabel, isPending, error, onConfirm, onClose }: TypeToConfirmDialogProps) {
  const [confirmName, setConfirmName] = useState("");
  const description = error ? describeError(error) : null;
  const isConfirmed = confirmName.trim() === name;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isConfirmed) onConfirm(confirmName);
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <p>{children}</p>
      <form onSubmit={submit} noValidate>
        <Field
          label={fieldLabel}
          hint={`Type “${name}” exactly.`}
          autoComplete="off"
          spellCheck={false}
          value={confirmName}
          onChange={(event) => setConfirmName(event.target.value)}
          errors={description?.fieldErrors.confirmName}
          data-initial-focus
        />
        <FormError message={description?.message} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={!isConfirmed || isPending}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
