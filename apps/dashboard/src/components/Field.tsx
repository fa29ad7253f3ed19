import { useId, type InputHTMLAttributes } from "react";

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & {
  label: string;
  /** added to the label for screen readers only, so a repeated form's fields keep unique names */
  labelSuffix?: string;
  hint?: string;
  errors?: string[] | undefined;
};

/** A labelled input with an optional hint and its own error text, both wired to the input. */
export function Field({ label, labelSuffix, hint, errors, className, ...input }: FieldProps) {
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
      </label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input id={id} aria-invalid={hasErrors || undefined} aria-describedby={describedBy} {...input} />
      {hasErrors ? (
        <p id={errorId} className="field-error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
