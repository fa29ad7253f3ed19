import { knowledgeLimits, type KnowledgeFile } from "@chatwright/knowledge";
import { DomainError } from "../errors";
import { describeUnstorableText } from "../schemas";

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Base64 characters of a file at the size limit, rounded up; the zod ceiling sits well above it so oversize files get PAYLOAD_TOO_LARGE, not a schema error. */
export const maxUploadBase64Chars = Math.ceil(knowledgeLimits.maxFileBytes / 3) * 4 * 2;

/**
 * Decodes an uploaded file. The size is computed from the base64 length
 * first, so an oversize file is refused before it is decoded.
 */
export function decodeUpload(fileName: string, contentBase64: string): KnowledgeFile {
  const base64 = contentBase64.replace(/^data:[^,]*;base64,/, "").replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(base64) || base64.length % 4 === 1) {
    throw new DomainError("BAD_REQUEST", `"${fileName}" did not arrive intact (its content is not valid base64). Upload it again.`);
  }
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  const bytes = Math.floor((base64.length * 3) / 4) - padding;
  if (bytes > knowledgeLimits.maxFileBytes) {
    throw new DomainError("PAYLOAD_TOO_LARGE", `"${fileName}" is ${megabytes(bytes)}; files may be at most ${megabytes(knowledgeLimits.maxFileBytes)}. Split it into smaller files.`);
  }
  return storableUpload(fileName, new Uint8Array(Buffer.from(base64, "base64")));
}

/**
 * PostgreSQL cannot store NUL characters (see schemas.ts). A document (.md,
 * .txt) is prose cut into chunks: a stray NUL, as text converters and binary
 * editors leave, is dropped rather than the whole file refused. Dropping 0x00
 * bytes keeps UTF-8 valid, and UTF-8 cannot carry a lone surrogate (the
 * decoder refuses the file). A FAQ file (.csv, .json) is a table of single
 * fields: refused, like a form's field, with the reason. A PDF's bytes are
 * binary; its extracted text is the knowledge package's to clean.
 */
function storableUpload(fileName: string, bytes: Uint8Array): KnowledgeFile {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? "";
  if (["md", "markdown", "txt", "text"].includes(extension)) return { name: fileName, bytes: bytes.includes(0) ? bytes.filter((byte) => byte !== 0) : bytes };
  if (extension === "csv" || extension === "json") {
    const problem = describeUnstorableText(Buffer.from(bytes).toString("utf8"), `"${fileName}"`, { isJsonText: true });
    if (problem !== null) throw new DomainError("BAD_REQUEST", problem);
  }
  return { name: fileName, bytes };
}

/** A text upload (FAQ CSV/JSON) with the same size rule, counted in UTF-8 bytes. */
export function textUpload(fileName: string, content: string): KnowledgeFile {
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes > knowledgeLimits.maxFileBytes) {
    throw new DomainError("PAYLOAD_TOO_LARGE", `"${fileName}" is ${megabytes(bytes)}; files may be at most ${megabytes(knowledgeLimits.maxFileBytes)}. Split it into smaller files.`);
  }
  return { name: fileName, text: content };
}
