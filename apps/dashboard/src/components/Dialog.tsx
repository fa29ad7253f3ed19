import { useEffect, useId, useRef, type ReactNode } from "react";

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A modal <dialog>: the browser makes the rest of the page inert and closes
 * it on Escape. Mount it to open it, unmount it to close it. Focus goes to
 * the element marked `data-initial-focus` and comes back to the opener.
 */
export function Dialog({ title, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>("[data-initial-focus]")?.focus();
    // Escape (or any native close) closes the dialog; tell the owner.
    // (In development StrictMode the dialog is closed and reopened once; the
    // close event of that round arrives while it is open again: ignore it.)
    const handleClose = () => {
      if (!dialog.open) onCloseRef.current();
    };
    dialog.addEventListener("close", handleClose);
    return () => {
      dialog.removeEventListener("close", handleClose);
      if (dialog.open) dialog.close();
      // The opener may be gone (the deleted row): fall back to the page heading.
      const target = opener?.isConnected ? opener : document.querySelector<HTMLElement>("main h1");
      target?.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
