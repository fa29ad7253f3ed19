import type { InputHTMLAttributes } from "react";
import { FieldFrame, type FieldFrameProps } from "./FieldFrame";

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & FieldFrameProps & { hint?: string };

/** A labelled input with an optional hint and its own error text, both wired to the input. */
export function Field({ label, labelSuffix, hint, errors, className, isRequiredMarked, ...input }: FieldProps) {
  return (
    <FieldFrame label={label} labelSuffix={labelSuffix} hint={hint} errors={errors} className={className} isRequiredMarked={isRequiredMarked}>
      {(control) => <input {...control} {...input} />}
    </FieldFrame>
  );
}
