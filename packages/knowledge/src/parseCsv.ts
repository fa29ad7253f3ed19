export type CsvRecord = { cells: string[]; line: number };

/**
 * RFC 4180 CSV: fields separated by `delimiter`, records by CRLF or LF,
 * fields in double quotes may hold delimiters, line breaks and `""` for a
 * quote. `line` is the 1-based line on which each record starts. An
 * unterminated quote keeps the rest of the file in that field and is
 * reported through `unterminatedAtLine`.
 */
export function parseCsv(text: string, delimiter = ","): { records: CsvRecord[]; unterminatedAtLine: number | null } {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = "";
  let isQuoted = false;
  let line = 1;
  let recordLine = 1;
  let isFieldStarted = false;
  let unterminatedAtLine: number | null = null;
  let quoteLine = 1;
  const endRecord = () => {
    cells.push(field);
    // a blank line is no record
    if (!(cells.length === 1 && cells[0] === "" && !isFieldStarted)) records.push({ cells, line: recordLine });
    cells = [];
    field = "";
    isFieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (isQuoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else isQuoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === "") {
      isQuoted = true;
      isFieldStarted = true;
      quoteLine = line;
    } else if (c === delimiter) {
      cells.push(field);
      field = "";
      isFieldStarted = true;
    } else if (c === "\r" && text[i + 1] === "\n") {
      continue;
    } else if (c === "\n" || c === "\r") {
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
      isFieldStarted = true;
    }
  }
  if (isQuoted) unterminatedAtLine = quoteLine;
  if (field !== "" || cells.length > 0 || isFieldStarted) endRecord();
  return { records, unterminatedAtLine };
}

/** The most frequent of `,` `;` and tab outside quotes on the first line (spreadsheets in many locales export `;`). */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[",", 0], [";", 0], ["\t", 0]]);
  let isQuoted = false;
  for (const c of text) {
    if (c === '"') isQuoted = !isQuoted;
    else if (!isQuoted && (c === "\n" || c === "\r")) break;
    else if (!isQuoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ",";
  for (const [d, n] of counts) if (n > (counts.get(best) ?? 0)) best = d;
  return best;
}
