import { knowledgeLimits, type KnowledgeFile } from "@chatwright/knowledge";
import { DomainError } from "../errors";

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
  return { name: fileName, bytes: new Uint8Array(Buffer.from(base64, "base64")) };
}

/** A text upload (FAQ CSV/JSON) with the same size rule, counted in UTF-8 bytes. */
export function textUpload(fileName: string, content: string): KnowledgeFile {
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes > knowledgeLimits.maxFileBytes) {
    throw new DomainError("PAYLOAD_TOO_LARGE", `"${fileName}" is ${megabytes(bytes)}; files may be at most ${megabytes(knowledgeLimits.maxFileBytes)}. Split it into smaller files.`);
  }
  return { name: fileName, text: content };
}
