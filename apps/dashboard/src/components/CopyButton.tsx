import { useState } from "react";

/** Copies `text`; says so (or says it could not) in a polite live region. */
export function CopyButton({ text, label = "Copy link" }: { text: string; label?: string }) {
  const [status, setStatus] = useState("");

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setStatus("Copied to the clipboard.");
    } catch {
      setStatus("Could not copy automatically. Select the link and copy it by hand.");
    }
  }

  return (
    <>
      <button type="button" onClick={() => void copy()}>
        {label}
      </button>
      <span className="copy-status" role="status">
        {status}
      </span>
    </>
  );
}
