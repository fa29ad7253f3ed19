import { describe, expect, it } from "vitest";
import { chunkDocument } from "./chunkDocument.ts";
import { KnowledgeError } from "./errors.ts";
import { knowledgeLimits } from "./limits.ts";
import { parseCsv } from "./parseCsv.ts";
import { parseFaqCsv, parseFaqJson } from "./parseFaqs.ts";
import { parseSource } from "./parseSource.ts";

/** A one-page PDF with Helvetica text lines and a correct xref table. */
export function makePdf(lines: readonly string[]): Uint8Array {
  const content = `BT /F1 12 Tf 72 720 Td 14 TL ${lines.map((l) => `(${l.replace(/[()\\]/g, (m) => `\\${m}`)}) Tj T*`).join(" ")} ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}

describe("parseCsv (RFC 4180)", () => {
  it("reads quoted fields with delimiters, doubled quotes and line breaks, CRLF and LF", () => {
    const { records, unterminatedAtLine } = parseCsv('a,"b, c"\r\n"say ""hi""","two\nlines"\nlast,row');
    expect(records.map((r) => r.cells)).toEqual([["a", "b, c"], ['say "hi"', "two\nlines"], ["last", "row"]]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(unterminatedAtLine).toBeNull();
  });
});

describe("parseFaqCsv", () => {
  it("finds the columns by header in any order and reports bad rows with their row numbers", () => {
    const csv = [
      "id,answer,question",
      '1,"We ship in 2 days, to the EU.",How long does shipping take?',
      "2,,Do you ship to Mars?",
      "3,Yes we do.,",
      `4,${"x".repeat(knowledgeLimits.maxAnswerChars + 1)},Why so long?`,
      "5,Twice.,how long does SHIPPING take",
      '6,"Use the ""returns"" form.",How do I return an item?',
    ].join("\n");
    const { entries, errors } = parseFaqCsv(csv);
    expect(entries).toEqual([
      { question: "How long does shipping take?", answer: "We ship in 2 days, to the EU.", row: 2 },
      { question: "How do I return an item?", answer: 'Use the "returns" form.', row: 7 },
    ]);
    expect(errors.map((e) => e.row)).toEqual([3, 4, 5, 6]);
    expect(errors[0]?.message).toMatch(/answer is empty/);
    expect(errors[1]?.message).toMatch(/question is empty/);
    expect(errors[2]?.message).toMatch(/limit is 10000/);
    expect(errors[3]?.message).toMatch(/already on row 2/);
  });

  it("takes the first two columns when there is no header, and semicolon-separated files", () => {
    expect(parseFaqCsv('Do you gift wrap?;"Yes, for 2 EUR."\nOpen on Sunday?;No.').entries.map((e) => [e.question, e.answer, e.row])).toEqual([
      ["Do you gift wrap?", "Yes, for 2 EUR.", 1],
      ["Open on Sunday?", "No.", 2],
    ]);
  });

  it("reports an unterminated quote", () => {
    const { entries, errors } = parseFaqCsv('question,answer\nA?,fine\nB?,"never closed\nC?,x');
    expect(entries.map((e) => e.question)).toEqual(["A?"]);
    expect(errors).toEqual([{ row: 3, message: expect.stringMatching(/line 3 is never closed/) as unknown as string }]);
  });

  it("refuses more rows than the limit", () => {
    const rows = Array.from({ length: knowledgeLimits.maxFaqRows + 1 }, (_, i) => `q${i},a${i}`);
    expect(() => parseFaqCsv(["question,answer", ...rows].join("\n"))).toThrow(/at most 2000/);
  });
});

describe("parseFaqJson", () => {
  it("reads a list or { faqs } and reports bad items by position", () => {
    expect(parseFaqJson('[{"question":"Q1?","answer":"A1"}]').entries).toEqual([{ question: "Q1?", answer: "A1", row: 1 }]);
    const { entries, errors } = parseFaqJson(JSON.stringify({ faqs: [{ question: "Q1?", answer: "A1" }, { question: 3, answer: "x" }, "nope", { question: "Q2?" }] }));
    expect(entries.map((e) => e.row)).toEqual([1]);
    expect(errors.map((e) => e.row)).toEqual([2, 3, 4]);
    expect(() => parseFaqJson("{not json")).toThrow(KnowledgeError);
    expect(() => parseFaqJson('{"items":[]}')).toThrow(/JSON list/);
  });
});

describe("chunkDocument", () => {
  const markdown = [
    "# Shipping",
    "We ship worldwide.",
    "",
    "## Returns",
    "Returns are free within 30 days.",
    "",
    "```",
    "# not a heading inside a fence",
    "```",
    "",
    "# Payment",
    "We take cards.",
  ].join("\n");

  it("keeps the heading path of each section and ignores # inside code fences", () => {
    const chunks = chunkDocument(markdown, { format: "markdown" });
    expect(chunks.map((c) => c.heading)).toEqual(["Shipping", "Shipping > Returns", "Payment"]);
    expect(chunks[1]?.content).toContain("# not a heading inside a fence");
  });

  it("never exceeds the size limit and overlaps neighbouring chunks of a section", () => {
    const sentences = Array.from({ length: 60 }, (_, i) => `Sentence number ${i} is about parcels.`).join(" ");
    const chunks = chunkDocument(`# Long\n${sentences}\n\nSecond paragraph here.`, { format: "markdown", maxChars: 300, overlapChars: 60 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) expect(c.content.length).toBeLessThanOrEqual(300);
    for (const c of chunks) expect(c.heading).toBe("Long");
    // the start of each later chunk repeats the end of the one before
    const [first, second] = chunks;
    const overlap = second?.content.split("\n\n")[0] ?? "";
    expect(overlap.length).toBeGreaterThan(20);
    expect(first?.content.endsWith(overlap)).toBe(true);
  });

  it("treats plain text as paragraphs without headings", () => {
    expect(chunkDocument("# not a heading\n\nsecond", { format: "text" })).toEqual([{ heading: null, content: "# not a heading\n\nsecond" }]);
  });
});

describe("parseSource", () => {
  it("refuses an oversize file before reading it", async () => {
    const bytes = new Uint8Array(knowledgeLimits.maxFileBytes + 1);
    await expect(parseSource("FAQ", { name: "big.csv", bytes })).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringMatching(/at most 5 MB/) as unknown as string });
  });

  it("refuses a format that does not fit the kind, and non-UTF-8 bytes", async () => {
    await expect(parseSource("FAQ", { name: "faq.docx", text: "x" })).rejects.toThrow(/Upload \.csv, \.json/);
    await expect(parseSource("DOCUMENT", { name: "a.txt", bytes: new Uint8Array([0xff, 0xfe, 0x41]) })).rejects.toThrow(/not UTF-8/);
  });

  it("refuses an FAQ file in which no row can be imported, listing the rows", async () => {
    const error: unknown = await parseSource("FAQ", { name: "f.csv", text: "question,answer\n,a\nq," }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeError);
    expect(error instanceof KnowledgeError ? error.rowErrors.map((r) => r.row) : []).toEqual([2, 3]);
  });

  it("extracts and chunks the text of a PDF", async () => {
    const parsed = await parseSource("DOCUMENT", { name: "policy.pdf", bytes: makePdf(["Shipping policy", "We ship within 2 days to all EU countries."]) });
    expect(parsed.chunks).toHaveLength(1);
    expect(parsed.chunks[0]?.content).toContain("We ship within 2 days to all EU countries.");
    await expect(parseSource("DOCUMENT", { name: "broken.pdf", bytes: new TextEncoder().encode("%PDF-1.4 garbage") })).rejects.toThrow(/PDF could not be read|no text layer/);
  });
});
