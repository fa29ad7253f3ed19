import { KnowledgeError } from "./errors.ts";

/**
 * The text of a PDF, pages separated by blank lines, through unpdf (PDF.js
 * bundled for server runtimes, pure JS). Loaded on first use: most imports
 * are not PDFs. Scanned PDFs (images only) have no text and are refused.
 */
export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  const { getDocumentProxy, extractText } = await import("unpdf");
  let pages: string[];
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given
    const document = await getDocumentProxy(new Uint8Array(bytes));
    const result = await extractText(document, { mergePages: false });
    pages = result.text;
    await document.destroy();
  } catch (error) {
    throw new KnowledgeError("BAD_REQUEST", `The PDF could not be read (${error instanceof Error ? error.message : String(error)}). Export it again, or upload the text as a .txt or .md file.`);
  }
  // A NUL cannot be stored in PostgreSQL text; PDF.js passes some through from odd fonts.
  const text = pages.map((p) => p.replaceAll("\0", "").trim()).filter((p) => p !== "").join("\n\n");
  if (text === "") throw new KnowledgeError("BAD_REQUEST", "The PDF has no text layer (it is probably scanned images). Upload a PDF with selectable text, or the text as a .txt file.");
  return text;
}
