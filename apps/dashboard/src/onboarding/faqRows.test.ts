import { describe, expect, it } from "vitest";
import { checkFaqRows, createFaqRow, rowErrorsFromDetails } from "./faqRows";

describe("checkFaqRows", () => {
  it("sends complete rows trimmed, drops empty ones, and flags a missing half next to it", () => {
    const rows = [
      createFaqRow({ question: " How long does shipping take? ", answer: "2 days. " }),
      createFaqRow(),
      createFaqRow({ question: "Gift cards?", answer: "" }),
      createFaqRow({ question: "", answer: "Yes" }),
      createFaqRow({ question: "Returns?", answer: "30 days." }),
    ];
    const checked = checkFaqRows(rows);
    expect(checked.entries).toEqual([
      { question: "How long does shipping take?", answer: "2 days." },
      { question: "Returns?", answer: "30 days." },
    ]);
    expect(checked.sentKeys).toEqual([rows[0]?.key, rows[4]?.key]);
    expect(checked.errors).toEqual({
      [rows[2]?.key ?? ""]: { answer: expect.stringContaining("Write the answer") },
      [rows[3]?.key ?? ""]: { question: expect.stringContaining("Write the question") },
    });
  });
});

describe("rowErrorsFromDetails", () => {
  it("puts the server's row errors on the rows that were sent in those places", () => {
    const details = { rowErrors: [{ row: 2, message: "The same question is already on row 1." }, { row: 9, message: "ignored" }] };
    expect(rowErrorsFromDetails(details, ["a", "b"])).toEqual({ b: { question: "The same question is already on row 1." } });
    expect(rowErrorsFromDetails(null, ["a"])).toEqual({});
    expect(rowErrorsFromDetails({ rowErrors: "nope" }, ["a"])).toEqual({});
  });
});
