import { useId, type ReactNode, type TextareaHTMLAttributes } from "react";

type TextareaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> & {
  /** visible label; `labelSuffix` is added for screen readers only (keeps names unique when a form repeats) */
  label: string;
  labelSuffix?: string;
  hint?: ReactNode;
  errors?: string[] | undefined;
};

/** Field's multi-line sibling: a labelled textarea with its hint and error wired to it. */
export function TextareaField({ label, labelSuffix, hint, errors, className, ...textarea }: TextareaFieldProps) {
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
      <textarea id={id} aria-invalid={hasErrors || undefined} aria-describedby={describedBy} {...textarea} />
      {hasErrors ? (
        <p id={errorId} className="field-error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
