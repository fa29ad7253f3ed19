import { formatPercent } from "../formatting";

/** Where an upload is: reading the file in the browser (with a share done), or waiting for the server. */
export type UploadPhase = { step: "idle" } | { step: "reading"; loaded: number; total: number } | { step: "sending" };

/**
 * A <progress> that fills while the file is read, then goes indeterminate
 * (no value) while the server extracts and indexes it, which it does not report.
 */
export function UploadProgress({ phase, label = "Upload progress" }: { phase: UploadPhase; label?: string }) {
  const share = phase.step === "reading" && phase.total > 0 ? phase.loaded / phase.total : 0;
  const text = phase.step === "reading" ? `Reading the file… ${formatPercent(share)}` : phase.step === "sending" ? "Uploading and preparing your document…" : "";
  return (
    <div className="upload-progress">
      {phase.step === "idle" ? null : phase.step === "reading" ? (
        <progress aria-label={label} max={1} value={share} />
      ) : (
        <progress aria-label={label} aria-valuetext="Working…" />
      )}
      <span role="status">{text}</span>
    </div>
  );
}
