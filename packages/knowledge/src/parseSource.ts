import { chunkDocument } from "./chunkDocument.ts";
import { KnowledgeError, type RowError } from "./errors.ts";
import { extractPdfText } from "./extractPdfText.ts";
import { knowledgeLimits } from "./limits.ts";
import { parseFaqCsv, parseFaqJson } from "./parseFaqs.ts";

export type KnowledgeSourceKind = "FAQ" | "DOCUMENT";

/** An uploaded file: its name (the extension decides the format) and its content as bytes or text. */
export type KnowledgeFile = { name: string; bytes?: Uint8Array; text?: string };

/** A chunk ready to store; `position` is its order in the source. */
export type ChunkInput = { position: number; question: string | null; answer: string | null; heading: string | null; content: string };

export type ParsedSource = { bytes: number; chunks: ChunkInput[]; skipped: RowError[] };

export type ParseSourceOptions = { maxChars?: number; overlapChars?: number };

const formatsByKind: Record<KnowledgeSourceKind, readonly string[]> = {
  FAQ: ["csv", "json"],
  DOCUMENT: ["md", "markdown", "txt", "text", "pdf"],
};

const extensionOf = (name: string): string => /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? "";

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new KnowledgeError("BAD_REQUEST", "The file is not UTF-8 text. Save it as UTF-8 (in Excel: CSV UTF-8) and upload it again.");
  }
}

/**
 * Reads an upload completely, before anything is stored: checks size and
 * format, parses FAQs or chunks a document. Throws a KnowledgeError a user
 * can act on; FAQ rows that cannot be imported come back in `skipped`, and a
 * file with no importable row at all is refused.
 */
export async function parseSource(kind: KnowledgeSourceKind, file: KnowledgeFile, options: ParseSourceOptions = {}): Promise<ParsedSource> {
  const bytes = file.bytes !== undefined ? file.bytes.byteLength : file.text !== undefined ? Buffer.byteLength(file.text, "utf8") : 0;
  if (file.bytes === undefined && file.text === undefined) throw new KnowledgeError("BAD_REQUEST", "The upload has no content.");
  const { maxFileBytes } = knowledgeLimits;
  if (bytes > maxFileBytes) {
    throw new KnowledgeError("PAYLOAD_TOO_LARGE", `"${file.name}" is ${(bytes / 1024 / 1024).toFixed(1)} MB; files may be at most ${maxFileBytes / 1024 / 1024} MB. Split it into smaller files.`);
  }
  const extension = extensionOf(file.name);
  const allowed = formatsByKind[kind];
  if (!allowed.includes(extension)) {
    throw new KnowledgeError("BAD_REQUEST", `"${file.name}" is not a supported ${kind === "FAQ" ? "FAQ" : "document"} file. Upload ${allowed.map((e) => `.${e}`).join(", ")}.`);
  }
  if (bytes === 0) throw new KnowledgeError("BAD_REQUEST", `"${file.name}" is empty.`);
  const readText = (): string => file.text ?? decodeUtf8(file.bytes ?? new Uint8Array());

  if (kind === "FAQ") {
    const { entries, errors } = extension === "csv" ? parseFaqCsv(readText()) : parseFaqJson(readText());
    if (entries.length === 0) {
      const detail = errors.length > 0 ? ` ${errors.length} row${errors.length === 1 ? "" : "s"} had problems, first: row ${errors[0]?.row}: ${errors[0]?.message}` : "";
      throw new KnowledgeError("BAD_REQUEST", `"${file.name}" has no question with an answer that can be imported.${detail}`, errors);
    }
    const chunks = entries.map((e, position) => ({ position, question: e.question, answer: e.answer, heading: null, content: e.answer }));
    return { bytes, chunks, skipped: errors };
  }

  let text: string;
  if (extension === "pdf") {
    if (file.bytes === undefined) throw new KnowledgeError("BAD_REQUEST", "A PDF must be uploaded as bytes, not text.");
    text = await extractPdfText(file.bytes);
  } else text = readText();
  const documentChunks = chunkDocument(text, { format: extension === "md" || extension === "markdown" ? "markdown" : "text", ...options });
  if (documentChunks.length === 0) throw new KnowledgeError("BAD_REQUEST", `"${file.name}" has no text to import.`);
  if (documentChunks.length > knowledgeLimits.maxDocumentChunks) {
    throw new KnowledgeError("PAYLOAD_TOO_LARGE", `"${file.name}" makes ${documentChunks.length} chunks; a document may make at most ${knowledgeLimits.maxDocumentChunks}. Split it into smaller files.`);
  }
  const chunks = documentChunks.map((c, position) => ({ position, question: null, answer: null, heading: c.heading, content: c.content }));
  return { bytes, chunks, skipped: [] };
}
