import type { TextareaHTMLAttributes } from "react";
import { FieldFrame, type FieldFrameProps } from "./FieldFrame";

type TextareaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> & FieldFrameProps;

/** Field's multi-line sibling: a labelled textarea with its hint and error wired to it. */
export function TextareaField({ label, labelSuffix, hint, errors, className, ...textarea }: TextareaFieldProps) {
  return (
    <FieldFrame label={label} labelSuffix={labelSuffix} hint={hint} errors={errors} className={className}>
      {(control) => <textarea {...control} {...textarea} />}
    </FieldFrame>
  );
}
