/** One row of the questions-and-answers form; `key` keeps React's identity while rows are added and removed. */
export interface FaqRow {
  key: string;
  question: string;
  answer: string;
}

export interface FaqRowErrors {
  question?: string;
  answer?: string;
}

let nextKey = 0;

export function createFaqRow(entry: { question: string; answer: string } = { question: "", answer: "" }): FaqRow {
  nextKey += 1;
  return { key: `row-${nextKey}`, question: entry.question, answer: entry.answer };
}

/**
 * What the form sends and what to fix first: rows left empty are dropped; a
 * row with only one half gets an error next to the missing half. `sentKeys[i]`
 * is the row the i-th sent entry came from (server errors name entries by
 * their 1-based position).
 */
export function checkFaqRows(rows: readonly FaqRow[]): { entries: { question: string; answer: string }[]; sentKeys: string[]; errors: Record<string, FaqRowErrors> } {
  const entries: { question: string; answer: string }[] = [];
  const sentKeys: string[] = [];
  const errors: Record<string, FaqRowErrors> = {};
  for (const row of rows) {
    const question = row.question.trim();
    const answer = row.answer.trim();
    if (question === "" && answer === "") continue;
    if (question === "") errors[row.key] = { question: "Write the question this answer is for, or remove the row." };
    else if (answer === "") errors[row.key] = { answer: "Write the answer customers get, or remove the row." };
    else {
      entries.push({ question, answer });
      sentKeys.push(row.key);
    }
  }
  return { entries, sentKeys, errors };
}

/** The server's row errors (`details.rowErrors`: 1-based positions among the sent entries) as errors next to those rows. */
export function rowErrorsFromDetails(details: unknown, sentKeys: readonly string[]): Record<string, FaqRowErrors> {
  const errors: Record<string, FaqRowErrors> = {};
  if (typeof details !== "object" || details === null || !("rowErrors" in details) || !Array.isArray(details.rowErrors)) return errors;
  for (const item of details.rowErrors as unknown[]) {
    if (typeof item !== "object" || item === null || !("row" in item) || !("message" in item)) continue;
    const { row, message } = item;
    const key = typeof row === "number" ? sentKeys[row - 1] : undefined;
    if (key !== undefined && typeof message === "string") errors[key] = { question: message };
  }
  return errors;
}
