import { useRef, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type KnowledgeSource } from "../trpc";
import { describeError } from "../errors";
import { embeddingNote } from "../embeddingNote";
import { base64FromArrayBuffer } from "../base64";
import { readFile } from "../readFile";
import { acceptFor, checkUploadFile } from "../uploadFiles";

interface ReplaceSourceButtonProps {
  workspaceId: string;
  botId: string;
  source: KnowledgeSource;
  onStatus: (message: string) => void;
}

/**
 * "Replace" opens the file picker; the chosen file replaces the source's
 * entries in one step on the server (the old ones stay until the new are in).
 */
export function ReplaceSourceButton({ workspaceId, botId, source, onStatus }: ReplaceSourceButtonProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [isReading, setIsReading] = useState(false);
  const [problem, setProblem] = useState("");
  const replace = useMutation(
    trpc.knowledge.replaceSource.mutationOptions({
      onSuccess: async ({ chunkCount, embeddingError }) => {
        onStatus(`Replaced “${source.title}”: it now has ${chunkCount === 1 ? "1 entry" : `${chunkCount} entries`}.${embeddingNote(embeddingError)}`);
        await queryClient.invalidateQueries(trpc.knowledge.pathFilter());
      },
      onError: (error) => setProblem(describeError(error).message),
    }),
  );

  async function replaceWith(file: File | undefined) {
    if (input.current) input.current.value = "";
    if (!file) return;
    const kind = source.kind === "FAQ" ? "FAQ" : "DOCUMENT";
    const sizeProblem = checkUploadFile(file, kind);
    setProblem(sizeProblem ?? "");
    if (sizeProblem) return;
    setIsReading(true);
    try {
      const contentBase64 = base64FromArrayBuffer(await readFile(file, "arrayBuffer"));
      replace.mutate({ workspaceId, botId, sourceId: source.id, fileName: file.name, contentBase64 });
    } catch (readError) {
      setProblem(readError instanceof Error ? readError.message : "The file could not be read.");
    } finally {
      setIsReading(false);
    }
  }

  const isBusy = isReading || replace.isPending;
  return (
    <>
      <input
        ref={input}
        type="file"
        hidden
        accept={acceptFor(source.kind === "FAQ" ? "FAQ" : "DOCUMENT")}
        aria-label={`New file for “${source.title}”`}
        onChange={(event) => void replaceWith(event.target.files?.[0])}
      />
      <button type="button" className="secondary" aria-label={`Replace “${source.title}”`} disabled={isBusy} onClick={() => input.current?.click()}>
        {isBusy ? "Replacing…" : "Replace"}
      </button>
      <span className="field-error source-problem" role="alert">
        {problem}
      </span>
    </>
  );
}
