import type { ReactNode } from "react";
import { describeError } from "../errors";
import { Dialog } from "./Dialog";
import { FormError } from "./FormError";

interface ConfirmDialogProps {
  title: string;
  /** What will happen, in the owner's words. */
  children: ReactNode;
  /** The dangerous button's label, e.g. "Delete intent". */
  confirmLabel: string;
  isPending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** "Are you sure?" for a destructive action: Cancel has the initial focus, the action is red and disabled while it runs. */
export function ConfirmDialog({ title, children, confirmLabel, isPending, error, onConfirm, onClose }: ConfirmDialogProps) {
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{children}</p>
      <FormError message={error ? describeError(error).message : null} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose} data-initial-focus>
          Cancel
        </button>
        <button type="button" className="danger" disabled={isPending} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
