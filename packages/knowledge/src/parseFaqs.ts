import { normalizeText } from "@chatwright/nlp";
import { z } from "zod";
import { KnowledgeError, type RowError } from "./errors.ts";
import { knowledgeLimits } from "./limits.ts";
import { detectDelimiter, parseCsv } from "./parseCsv.ts";

export type FaqEntry = { question: string; answer: string; row: number };

/** The pairs that can be imported and the rows that cannot, with why. */
export type ParsedFaqs = { entries: FaqEntry[]; errors: RowError[] };

const questionHeaders = new Set(["question", "questions", "q", "frage", "pregunta", "question text", "faq"]);
const answerHeaders = new Set(["answer", "answers", "a", "antwort", "respuesta", "reply", "response", "answer text"]);

const cleanCell = (cell: string | undefined): string => (cell ?? "").replace(/\r\n?/g, "\n").trim();

/** Checks each candidate pair and keeps the first of duplicate questions. */
function validateFaqs(candidates: readonly { question: string; answer: string; row: number }[]): ParsedFaqs {
  const { maxFaqRows, maxQuestionChars, maxAnswerChars } = knowledgeLimits;
  if (candidates.length > maxFaqRows) {
    throw new KnowledgeError("PAYLOAD_TOO_LARGE", `The file has ${candidates.length} questions; one file may hold at most ${maxFaqRows}. Split it into several files.`);
  }
  const entries: FaqEntry[] = [];
  const errors: RowError[] = [];
  const firstRowByQuestion = new Map<string, number>();
  for (const { question, answer, row } of candidates) {
    if (question === "" && answer === "") continue;
    if (question === "") errors.push({ row, message: "The question is empty." });
    else if (answer === "") errors.push({ row, message: "The answer is empty." });
    else if (question.length > maxQuestionChars) errors.push({ row, message: `The question is ${question.length} characters long; the limit is ${maxQuestionChars}.` });
    else if (answer.length > maxAnswerChars) errors.push({ row, message: `The answer is ${answer.length} characters long; the limit is ${maxAnswerChars}.` });
    else {
      const key = normalizeText(question);
      const first = firstRowByQuestion.get(key);
      if (first !== undefined) errors.push({ row, message: `The same question is already on row ${first}.` });
      else {
        firstRowByQuestion.set(key, row);
        entries.push({ question, answer, row });
      }
    }
  }
  return { entries, errors };
}

/**
 * An FAQ spreadsheet exported as CSV: a header row naming the `question`
 * and `answer` columns (any order, other columns ignored), or no header and
 * the question in the first column, the answer in the second.
 */
export function parseFaqCsv(text: string): ParsedFaqs {
  const { records, unterminatedAtLine } = parseCsv(text.replace(/^\uFEFF/, ""), detectDelimiter(text));
  const first = records[0];
  if (first === undefined) throw new KnowledgeError("BAD_REQUEST", "The CSV file is empty. Add one question and its answer per row.");
  const header = first.cells.map((c) => cleanCell(c).toLowerCase());
  const questionColumn = header.findIndex((h) => questionHeaders.has(h));
  const answerColumn = header.findIndex((h) => answerHeaders.has(h));
  const hasHeader = questionColumn >= 0 && answerColumn >= 0;
  if (!hasHeader && (questionColumn >= 0 || answerColumn >= 0)) {
    throw new KnowledgeError("BAD_REQUEST", 'The header row names only one of the two columns; name them "question" and "answer".');
  }
  if (!hasHeader && first.cells.length < 2) {
    throw new KnowledgeError("BAD_REQUEST", 'The CSV file needs two columns: a question and its answer (a header row "question,answer" is optional).');
  }
  const qi = hasHeader ? questionColumn : 0;
  const ai = hasHeader ? answerColumn : 1;
  const candidates = records.slice(hasHeader ? 1 : 0).map((record, i) => ({
    question: cleanCell(record.cells[qi]),
    answer: cleanCell(record.cells[ai]),
    row: i + (hasHeader ? 2 : 1),
  }));
  const parsed = validateFaqs(candidates);
  if (unterminatedAtLine !== null) {
    const row = candidates.at(-1)?.row ?? 1;
    parsed.entries = parsed.entries.filter((e) => e.row !== row);
    parsed.errors = parsed.errors.filter((e) => e.row !== row);
    parsed.errors.push({ row, message: `A quoted field opened on line ${unterminatedAtLine} is never closed; the rest of the file was read as one field.` });
  }
  return parsed;
}

const faqItem = z.object({ question: z.unknown(), answer: z.unknown() });
const faqJson = z.union([z.array(z.unknown()), z.object({ faqs: z.array(z.unknown()) })]);

/** `[{ "question", "answer" }, ...]` or `{ "faqs": [...] }`; `row` is the item's 1-based position. */
export function parseFaqJson(text: string): ParsedFaqs {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new KnowledgeError("BAD_REQUEST", `The file is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const top = faqJson.safeParse(data);
  if (!top.success) throw new KnowledgeError("BAD_REQUEST", 'Expected a JSON list of { "question", "answer" } objects, or { "faqs": [...] }.');
  const items = Array.isArray(top.data) ? top.data : top.data.faqs;
  const errors: RowError[] = [];
  const candidates: { question: string; answer: string; row: number }[] = [];
  items.forEach((item, i) => {
    const parsed = faqItem.safeParse(item);
    const question = parsed.success ? parsed.data.question : undefined;
    const answer = parsed.success ? parsed.data.answer : undefined;
    if (!parsed.success || (question !== undefined && typeof question !== "string") || (answer !== undefined && typeof answer !== "string")) {
      errors.push({ row: i + 1, message: 'Expected an object with text fields "question" and "answer".' });
      return;
    }
    candidates.push({ question: cleanCell(typeof question === "string" ? question : ""), answer: cleanCell(typeof answer === "string" ? answer : ""), row: i + 1 });
  });
  const result = validateFaqs(candidates);
  return { entries: result.entries, errors: [...errors, ...result.errors].sort((a, b) => a.row - b.row) };
}
