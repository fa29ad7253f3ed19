import "./onboarding.css";
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError, errorDetails } from "../errors";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { checkFaqRows, createFaqRow, rowErrorsFromDetails, type FaqRow, type FaqRowErrors } from "./faqRows";
import { FaqRows } from "./FaqRows";

export interface FirstBotCreated {
  bot: { id: string; name: string; publicKey: string };
  /** Questions saved with it (0 when none were written). */
  answerCount: number;
  /** Set when the bot was created but its answers were not saved. */
  answersError: string | null;
  isLive: boolean;
}

/** A name that works for most shops, so the first bot is one click away; the owner can change it here or later. */
const SUGGESTED_NAME = "Help desk";

/**
 * The empty Bots page: name the first bot and give it its first answers in
 * one go. Saving them publishes the FAQ flow, so the bot is live at once.
 */
export function FirstBotForm({ workspaceId, onCreated }: { workspaceId: string; onCreated: (created: FirstBotCreated) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(SUGGESTED_NAME);
  const [rows, setRows] = useState<FaqRow[]>(() => [createFaqRow()]);
  const [rowErrors, setRowErrors] = useState<Record<string, FaqRowErrors>>({});
  const createBot = useMutation(trpc.bots.create.mutationOptions());
  const saveAnswers = useMutation(trpc.knowledge.saveFaqEntries.mutationOptions());
  const createError = createBot.error ? describeError(createBot.error) : null;
  const nameErrors = createError?.fieldErrors.name;
  const isBusy = createBot.isPending || saveAnswers.isPending;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkFaqRows(rows);
    setRowErrors(checked.errors);
    if (Object.keys(checked.errors).length > 0) return;
    createBot.reset();
    let bot;
    try {
      bot = await createBot.mutateAsync({ workspaceId, name });
    } catch {
      return;
    }
    let answersError: string | null = null;
    let isLive = false;
    if (checked.entries.length > 0) {
      try {
        const saved = await saveAnswers.mutateAsync({ workspaceId, botId: bot.id, entries: checked.entries });
        isLive = saved.publishedVersion !== null;
      } catch (error) {
        const byRow = rowErrorsFromDetails(errorDetails(error), checked.sentKeys);
        const first = Object.values(byRow)[0]?.question;
        answersError = first ?? describeError(error).message;
      }
    }
    await queryClient.invalidateQueries(trpc.bots.list.queryFilter({ workspaceId }));
    onCreated({ bot, answerCount: answersError === null ? checked.entries.length : 0, answersError, isLive });
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="first-bot-form">
      <Field
        label="Bot name"
        hint="Visitors may see it, e.g. “Help desk” or “Order assistant”."
        required
        autoComplete="off"
        className="first-bot-name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        errors={nameErrors}
      />
      <fieldset className="first-bot-answers">
        <legend>Its first answers</legend>
        <p className="hint">The questions customers ask most, and your answers. Add more at any time on the bot's Knowledge tab.</p>
        <FaqRows rows={rows} errors={rowErrors} onChange={setRows} isDisabled={isBusy} />
      </fieldset>
      {/* Shown once: a refused name appears next to its field, anything else here. */}
      <FormError message={nameErrors ? null : createError?.message} />
      <div className="actions">
        <button type="submit" disabled={isBusy}>
          {isBusy ? "Creating…" : "Create bot"}
        </button>
      </div>
    </form>
  );
}
