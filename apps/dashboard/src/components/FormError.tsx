/**
 * The form's error, read out by screen readers when it appears. The alert
 * region is always in the page (empty when there is no error): live regions
 * added together with their text are not reliably announced.
 */
export function FormError({ message }: { message: string | null | undefined }) {
  return (
    <div className="form-error" role="alert">
      {message ?? ""}
    </div>
  );
}
