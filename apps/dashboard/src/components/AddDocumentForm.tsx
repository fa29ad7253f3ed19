import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import { embeddingNote } from "../embeddingNote";
import { base64FromArrayBuffer } from "../base64";
import { readFile } from "../readFile";
import { acceptFor, checkUploadFile, titleFromFileName } from "../uploadFiles";
import { Field } from "./Field";
import { FormError } from "./FormError";
import { UploadProgress, type UploadPhase } from "./UploadProgress";

/** A Markdown, text or PDF document, split by the server into passages the bot can quote. */
export function AddDocumentForm({ workspaceId, botId }: { workspaceId: string; botId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [fileInputKey, setFileInputKey] = useState(0);
  const [phase, setPhase] = useState<UploadPhase>({ step: "idle" });
  const [checkError, setCheckError] = useState<string | null>(null);
  const [done, setDone] = useState("");
  const upload = useMutation(
    trpc.knowledge.uploadDocument.mutationOptions({
      onSuccess: async ({ chunkCount, embeddingError }, input) => {
        setDone(`Uploaded “${input.title}”: ${chunkCount === 1 ? "1 passage" : `${chunkCount} passages`} your bot can answer from.${embeddingNote(embeddingError)}`);
        setTitle("");
        setFile(null);
        setFileInputKey((key) => key + 1);
        await queryClient.invalidateQueries(trpc.knowledge.pathFilter());
      },
      onSettled: () => setPhase({ step: "idle" }),
    }),
  );
  const error = upload.error ? describeError(upload.error) : null;

  function choose(chosen: File | null) {
    setFile(chosen);
    setDone("");
    upload.reset();
    // Say at once that a file is too big, before anything is read or sent.
    setCheckError(chosen ? checkUploadFile(chosen, "DOCUMENT") : null);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone("");
    upload.reset();
    const problem = file ? checkUploadFile(file, "DOCUMENT") : "Choose a document to upload first.";
    setCheckError(problem);
    if (!file || problem) return;
    setPhase({ step: "reading", loaded: 0, total: file.size });
    let contentBase64: string;
    try {
      const bytes = await readFile(file, "arrayBuffer", (loaded, total) => setPhase({ step: "reading", loaded, total }));
      contentBase64 = base64FromArrayBuffer(bytes);
    } catch (readError) {
      setPhase({ step: "idle" });
      setCheckError(readError instanceof Error ? readError.message : "The file could not be read.");
      return;
    }
    setPhase({ step: "sending" });
    upload.mutate({ workspaceId, botId, title: title.trim() || titleFromFileName(file.name), fileName: file.name, contentBase64 });
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Field label="Document title" hint="For you only, e.g. “Returns policy”. Left empty, the file name is used." autoComplete="off" value={title} onChange={(e) => setTitle(e.target.value)} errors={error?.fieldErrors.title} />
      <Field
        key={fileInputKey}
        label="Document (Markdown, text or PDF)"
        hint="Up to 5 MB. A PDF needs real text in it; scanned pages cannot be read."
        type="file"
        accept={acceptFor("DOCUMENT")}
        onChange={(e) => choose(e.target.files?.[0] ?? null)}
      />
      <FormError message={checkError ?? error?.message} />
      <div className="actions">
        <button type="submit" disabled={phase.step !== "idle" || upload.isPending}>
          Upload document
        </button>
        <UploadProgress phase={phase} />
      </div>
      <p role="status" className="success">
        {done}
      </p>
    </form>
  );
}
