/** What the knowledge base accepts; the server checks the same and says why if not. */
export type SourceKind = "FAQ" | "DOCUMENT";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const EXTENSIONS: Record<SourceKind, readonly string[]> = {
  FAQ: ["csv", "json"],
  DOCUMENT: ["md", "markdown", "txt", "text", "pdf"],
};

const KIND_WORDS: Record<SourceKind, string> = {
  FAQ: "a CSV or JSON file",
  DOCUMENT: "a Markdown (.md), text (.txt) or PDF file",
};

/** "Shipping FAQ.CSV" -> "csv"; no extension -> "". */
export function fileExtension(name: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? "";
}

/** The `accept` attribute of a file input for this kind of source. */
export function acceptFor(kind: SourceKind): string {
  return EXTENSIONS[kind].map((extension) => `.${extension}`).join(",");
}

/**
 * Why this file cannot be uploaded, in plain words, or null if it can.
 * Checked before reading it, so a 50 MB PDF is not sent only to be refused.
 */
export function checkUploadFile(file: { name: string; size: number }, kind: SourceKind): string | null {
  const extension = fileExtension(file.name);
  if (!EXTENSIONS[kind].includes(extension)) {
    return `“${file.name}” is not ${KIND_WORDS[kind]}. Choose ${KIND_WORDS[kind]}.`;
  }
  if (file.size === 0) return `“${file.name}” is empty. Choose a file with your content in it.`;
  if (file.size > MAX_UPLOAD_BYTES) {
    const megabytes = (file.size / (1024 * 1024)).toFixed(1);
    return `“${file.name}” is ${megabytes} MB; files can be at most 5 MB. Split it into smaller files and upload them one by one.`;
  }
  return null;
}

/** Why pasted FAQ text cannot be imported, or null. */
export function checkPastedFaq(text: string): string | null {
  if (text.trim() === "") return "Paste your questions and answers first, or choose a file.";
  if (new TextEncoder().encode(text).length > MAX_UPLOAD_BYTES) {
    return "The pasted text is larger than 5 MB. Split it and import it in parts.";
  }
  return null;
}

/** Pasted text has no file name; the server tells CSV from JSON by the extension. */
export function pastedFaqFileName(text: string): string {
  return /^\s*[[{]/.test(text) ? "pasted-faq.json" : "pasted-faq.csv";
}

/** Whether a source's file name is one pastedFaqFileName made up (then there was no file). */
export function isPastedFaqFileName(name: string): boolean {
  return name === "pasted-faq.json" || name === "pasted-faq.csv";
}

/** A default source title from a file name: "shipping_faq-2024.csv" -> "shipping faq 2024". */
export function titleFromFileName(name: string): string {
  const base = name.replace(/\.[A-Za-z0-9]+$/, "").replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim();
  return base === "" ? name : base;
}
