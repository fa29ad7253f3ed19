import { useId, type ReactNode } from "react";

export interface FieldFrameProps {
  label: string;
  /** added to the label for screen readers only, so a repeated form's fields keep unique names */
  labelSuffix?: string | undefined;
  hint?: ReactNode;
  errors?: string[] | undefined;
  className?: string | undefined;
  /** shows a "*" after the label (the control itself carries `required` for assistive technology) */
  isRequiredMarked?: boolean | undefined;
}

/** What the control inside a FieldFrame spreads onto itself: its id and the description/invalid wiring. */
export interface FieldControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/**
 * The label, hint and error around one form control (input, textarea,
 * select), all wired to it by id: Field and TextareaField are this frame.
 */
export function FieldFrame({ label, labelSuffix, hint, errors, className, isRequiredMarked, children }: FieldFrameProps & { children: (control: FieldControlProps) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hasErrors = errors !== undefined && errors.length > 0;
  const describedBy = [hint ? hintId : null, hasErrors ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>
        {label}
        {labelSuffix ? <span className="visually-hidden"> {labelSuffix}</span> : null}
        {isRequiredMarked ? (
          <span className="required-mark" aria-hidden="true">
            {" "}
            *
          </span>
        ) : null}
      </label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {children({ id, "aria-invalid": hasErrors || undefined, "aria-describedby": describedBy })}
      {hasErrors ? (
        <p id={errorId} className="field-error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
