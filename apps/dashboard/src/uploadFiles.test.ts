import { describe, expect, it } from "vitest";
import { acceptFor, checkPastedFaq, isPastedFaqFileName, checkUploadFile, fileExtension, MAX_UPLOAD_BYTES, pastedFaqFileName, titleFromFileName } from "./uploadFiles";

describe("fileExtension and acceptFor", () => {
  it("reads the extension case-insensitively", () => {
    expect(fileExtension("Shipping FAQ.CSV")).toBe("csv");
    expect(fileExtension("notes")).toBe("");
    expect(fileExtension("archive.tar.gz")).toBe("gz");
    expect(acceptFor("FAQ")).toBe(".csv,.json");
    expect(acceptFor("DOCUMENT")).toBe(".md,.markdown,.txt,.text,.pdf");
  });
});

describe("checkUploadFile", () => {
  it("accepts the right kinds of file up to 5 MB", () => {
    expect(checkUploadFile({ name: "faq.csv", size: 100 }, "FAQ")).toBeNull();
    expect(checkUploadFile({ name: "faq.JSON", size: 100 }, "FAQ")).toBeNull();
    expect(checkUploadFile({ name: "returns.pdf", size: MAX_UPLOAD_BYTES }, "DOCUMENT")).toBeNull();
  });

  it("explains what is wrong and what to do", () => {
    expect(checkUploadFile({ name: "big.pdf", size: MAX_UPLOAD_BYTES + 1 }, "DOCUMENT")).toBe(
      "“big.pdf” is 5.0 MB; files can be at most 5 MB. Split it into smaller files and upload them one by one.",
    );
    expect(checkUploadFile({ name: "huge.md", size: 12.34 * 1024 * 1024 }, "DOCUMENT")).toMatch(/is 12\.3 MB/);
    expect(checkUploadFile({ name: "faq.xlsx", size: 10 }, "FAQ")).toBe("“faq.xlsx” is not a CSV or JSON file. Choose a CSV or JSON file.");
    expect(checkUploadFile({ name: "faq.csv", size: 10 }, "DOCUMENT")).toMatch(/Markdown/);
    expect(checkUploadFile({ name: "empty.txt", size: 0 }, "DOCUMENT")).toMatch(/is empty/);
  });
});

describe("pasted FAQs", () => {
  it("needs text, at most 5 MB", () => {
    expect(checkPastedFaq("  \n")).toMatch(/Paste/);
    expect(checkPastedFaq("question,answer\nA?,B")).toBeNull();
    expect(checkPastedFaq("é".repeat(MAX_UPLOAD_BYTES / 2 + 1))).toMatch(/larger than 5 MB/);
  });

  it("names JSON and CSV so the server parses them right", () => {
    expect(pastedFaqFileName('  [{"question":"a","answer":"b"}]')).toBe("pasted-faq.json");
    expect(pastedFaqFileName('{"faqs":[]}')).toBe("pasted-faq.json");
    expect(pastedFaqFileName("question,answer\n")).toBe("pasted-faq.csv");
    expect(isPastedFaqFileName(pastedFaqFileName("[]"))).toBe(true);
    expect(isPastedFaqFileName("faq.csv")).toBe(false);
  });
});

describe("titleFromFileName", () => {
  it("makes a readable title", () => {
    expect(titleFromFileName("shipping_faq-2024.csv")).toBe("shipping faq 2024");
    expect(titleFromFileName("Returns policy.pdf")).toBe("Returns policy");
    expect(titleFromFileName(".csv")).toBe(".csv");
  });
});
