import { knowledgeLimits } from "./limits.ts";

export type DocumentChunk = { heading: string | null; content: string };

export type ChunkDocumentOptions = {
  /** "markdown" reads `#` headings and keeps code fences whole where they fit; "text" only paragraphs */
  format: "markdown" | "text";
  /** largest chunk in characters (default 1200) */
  maxChars?: number;
  /** characters of the previous chunk of the same section repeated at the start of the next (default 150) */
  overlapChars?: number;
};

type Section = { headingPath: string[]; paragraphs: string[] };

const headingPattern = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const fencePattern = /^\s*(```|~~~)/;

/** Splits a document into sections at headings and each section into paragraphs (blank-line separated). */
function readSections(text: string, format: ChunkDocumentOptions["format"]): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let current: Section = { headingPath: [], paragraphs: [] };
  let paragraph: string[] = [];
  let fence: string | null = null;
  const flushParagraph = () => {
    const joined = paragraph.join("\n").trim();
    if (joined !== "") current.paragraphs.push(joined);
    paragraph = [];
  };
  for (const line of text.split(/\r\n?|\n/)) {
    const fenceMatch = format === "markdown" ? fencePattern.exec(line) : null;
    if (fence !== null) {
      paragraph.push(line);
      if (fenceMatch?.[1] === fence) {
        fence = null;
        flushParagraph();
      }
      continue;
    }
    if (fenceMatch?.[1] !== undefined) {
      flushParagraph();
      fence = fenceMatch[1];
      paragraph.push(line);
      continue;
    }
    const heading = format === "markdown" ? headingPattern.exec(line) : null;
    if (heading?.[1] !== undefined && heading[2] !== undefined) {
      flushParagraph();
      if (current.paragraphs.length > 0) sections.push(current);
      const level = heading[1].length;
      path.length = Math.min(path.length, level - 1);
      while (path.length < level - 1) path.push("");
      path.push(heading[2]);
      current = { headingPath: path.filter((h) => h !== ""), paragraphs: [] };
      continue;
    }
    if (line.trim() === "") flushParagraph();
    else paragraph.push(line);
  }
  flushParagraph();
  if (current.paragraphs.length > 0) sections.push(current);
  return sections;
}

/** Cuts text longer than `max` at sentence ends, then at spaces, then anywhere. */
function splitLong(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const sentenceEnd = Math.max(window.lastIndexOf(". "), window.lastIndexOf("! "), window.lastIndexOf("? "), window.lastIndexOf("\n"));
    const space = window.lastIndexOf(" ");
    const cut = sentenceEnd > max / 2 ? sentenceEnd + 1 : space > max / 2 ? space : max;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest !== "") pieces.push(rest);
  return pieces;
}

/** The end of `text`, at most `chars` long, starting at a word boundary. */
function tail(text: string, chars: number): string {
  if (chars <= 0) return "";
  if (text.length <= chars) return text;
  const slice = text.slice(text.length - chars);
  const space = slice.indexOf(" ");
  return (space >= 0 ? slice.slice(space + 1) : slice).trim();
}

/**
 * Chunks a Markdown or plain-text document for retrieval: sections at
 * headings (each chunk keeps its heading path, "Shipping > Returns"), then
 * paragraphs packed up to `maxChars`; a chunk after the first of a section
 * starts with the last `overlapChars` of the one before, so a sentence cut at
 * a boundary is still found with its context. No chunk exceeds `maxChars`.
 */
export function chunkDocument(text: string, options: ChunkDocumentOptions): DocumentChunk[] {
  const maxChars = options.maxChars ?? knowledgeLimits.chunkChars;
  const overlapChars = Math.min(options.overlapChars ?? knowledgeLimits.chunkOverlapChars, Math.floor(maxChars / 4));
  const chunks: DocumentChunk[] = [];
  for (const section of readSections(text.replace(/^\uFEFF/, ""), options.format)) {
    const heading = section.headingPath.length > 0 ? section.headingPath.join(" > ") : null;
    const budget = maxChars - overlapChars - 2;
    const pieces = section.paragraphs.flatMap((p) => splitLong(p, budget));
    let current = "";
    let previous: string | null = null;
    const flush = () => {
      if (current === "") return;
      const overlap = previous === null ? "" : tail(previous, overlapChars);
      const content = overlap === "" ? current : `${overlap}\n\n${current}`;
      chunks.push({ heading, content: content.length > maxChars ? content.slice(content.length - maxChars) : content });
      previous = current;
      current = "";
    };
    for (const piece of pieces) {
      if (current !== "" && current.length + 2 + piece.length > budget) flush();
      current = current === "" ? piece : `${current}\n\n${piece}`;
    }
    flush();
  }
  return chunks;
}
