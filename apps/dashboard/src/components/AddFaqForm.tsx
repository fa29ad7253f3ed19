import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type SkippedRow } from "../trpc";
import { describeError } from "../errors";
import { embeddingNote } from "../embeddingNote";
import { readFile } from "../readFile";
import { acceptFor, checkPastedFaq, checkUploadFile, pastedFaqFileName, titleFromFileName } from "../uploadFiles";
import { Field } from "./Field";
import { FormError } from "./FormError";
import { SkippedRows } from "./SkippedRows";
import { TextareaField } from "./TextareaField";

interface ImportResult {
  /** more to tell after the counts: the bot went live, search by meaning failed (embeddingNote); empty when neither */
  note: string;
  title: string;
  chunkCount: number;
  skipped: SkippedRow[];
}

const CSV_EXAMPLE = `question,answer
How long does shipping take?,Orders arrive in 2–4 working days.
Can I return an item?,"Yes, within 30 days. Keep the receipt."`;

/** An FAQ from a CSV/JSON file or pasted text: one knowledge entry per question. */
export function AddFaqForm({ workspaceId, botId }: { workspaceId: string; botId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState("");
  const [fileInputKey, setFileInputKey] = useState(0);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [isReading, setIsReading] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const importFaq = useMutation(
    trpc.knowledge.importFaq.mutationOptions({
      onSuccess: async ({ chunkCount, skipped, embeddingError, publishedVersion }, input) => {
        const live = publishedVersion !== null ? " Your bot is live and answers them now." : "";
        setResult({ title: input.title, chunkCount, skipped, note: `${live}${embeddingNote(embeddingError)}` });
        setTitle("");
        setFile(null);
        setPasted("");
        setFileInputKey((key) => key + 1);
        await queryClient.invalidateQueries(trpc.knowledge.pathFilter());
        // The first answers may have made the bot live: its badge and the Flow tab change too.
        if (publishedVersion !== null) await Promise.all([queryClient.invalidateQueries(trpc.bots.pathFilter()), queryClient.invalidateQueries(trpc.flows.pathFilter())]);
      },
    }),
  );
  const error = importFaq.error ? describeError(importFaq.error) : null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setResult(null);
    importFaq.reset();
    const problem = file ? (pasted.trim() ? "Choose a file or paste text, not both. Clear one of them." : checkUploadFile(file, "FAQ")) : checkPastedFaq(pasted);
    setCheckError(problem);
    if (problem) return;
    let content = pasted;
    let fileName = pastedFaqFileName(pasted);
    if (file) {
      setIsReading(true);
      try {
        content = await readFile(file, "text");
        fileName = file.name;
      } catch (readError) {
        setCheckError(readError instanceof Error ? readError.message : "The file could not be read.");
        return;
      } finally {
        setIsReading(false);
      }
    }
    const finalTitle = title.trim() || (file ? titleFromFileName(file.name) : "Pasted FAQ");
    importFaq.mutate({ workspaceId, botId, title: finalTitle, fileName, content });
  }

  const isBusy = isReading || importFaq.isPending;
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Field label="Source title" hint="For you only, e.g. “Shipping and returns”. Left empty, the file name is used." autoComplete="off" value={title} onChange={(e) => setTitle(e.target.value)} errors={error?.fieldErrors.title} />
      <Field
        key={fileInputKey}
        label="FAQ file (CSV or JSON)"
        type="file"
        accept={acceptFor("FAQ")}
        onChange={(e) => {
          setFile(e.target.files?.[0] ?? null);
          setCheckError(null);
        }}
      />
      <TextareaField
        label="Paste FAQ (CSV or JSON)"
        hint="Or paste the rows here instead of choosing a file."
        rows={5}
        spellCheck={false}
        className="mono"
        value={pasted}
        onChange={(e) => {
          setPasted(e.target.value);
          setCheckError(null);
        }}
        errors={error?.fieldErrors.content}
      />
      <details className="help">
        <summary>What should the file look like?</summary>
        <p>
          One question and its answer per row. A spreadsheet saved as <strong>CSV</strong> works: put a header row with the columns <code>question</code> and{" "}
          <code>answer</code>. For example:
        </p>
        <pre>{CSV_EXAMPLE}</pre>
        <p>
          A <strong>JSON</strong> file is a list like <code>[{'{"question": "…", "answer": "…"}'}]</code>.
        </p>
      </details>
      <FormError message={checkError ?? error?.message} />
      <div className="actions">
        <button type="submit" disabled={isBusy}>
          Import FAQ
        </button>
        {isBusy ? <span className="busy">Importing…</span> : null}
      </div>
      <div role="status" className="result">
        {result ? (
          <p className="success">
            Imported {result.chunkCount === 1 ? "1 entry" : `${result.chunkCount} entries`} into “{result.title}”.
            {result.skipped.length > 0 ? ` ${result.skipped.length === 1 ? "1 row was" : `${result.skipped.length} rows were`} skipped; see below.` : ""}
            {result.note}
          </p>
        ) : null}
      </div>
      {result ? <SkippedRows rows={result.skipped} /> : null}
    </form>
  );
}
