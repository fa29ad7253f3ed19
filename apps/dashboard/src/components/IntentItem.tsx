import { useEffect, useRef, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Intent } from "../trpc";
import { describeError } from "../errors";
import { IntentForm } from "./IntentForm";

interface IntentItemProps {
  workspaceId: string;
  botId: string;
  intent: Intent;
  canEdit: boolean;
  onSaved: (name: string) => void;
  onDelete: (intent: Intent) => void;
}

export function IntentItem({ workspaceId, botId, intent, canEdit, onSaved, onDelete }: IntentItemProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [isEditing, setIsEditing] = useState(false);
  const [shouldRestoreFocus, setShouldRestoreFocus] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const update = useMutation(
    trpc.intents.update.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries(trpc.intents.pathFilter());
        finishEditing();
        onSaved(saved.name);
      },
    }),
  );

  useEffect(() => {
    if (!isEditing && shouldRestoreFocus) {
      editButton.current?.focus();
      setShouldRestoreFocus(false);
    }
  }, [isEditing, shouldRestoreFocus]);

  function finishEditing() {
    setIsEditing(false);
    setShouldRestoreFocus(true);
    update.reset();
  }

  if (isEditing) {
    return (
      <li className="intent editing">
        <h3 className="intent-name">Edit “{intent.name}”</h3>
        <IntentForm
          initial={intent}
          labelSuffix={`for “${intent.name}”`}
          submitLabel="Save intent"
          isPending={update.isPending}
          error={update.error ? describeError(update.error) : null}
          onSubmit={(values) => update.mutate({ workspaceId, botId, intentId: intent.id, ...values })}
          onCancel={finishEditing}
        />
      </li>
    );
  }

  return (
    <li className="intent">
      <h3 className="intent-name">{intent.name}</h3>
      {intent.description ? <p className="intent-description">{intent.description}</p> : null}
      <p className="hint" id={`examples-${intent.id}`}>
        {intent.examples.length === 1 ? "1 example" : `${intent.examples.length} examples`}
        {canEdit && intent.examples.length < 5 ? " — add a few more: 5–10 different ways of asking work best." : ""}
      </p>
      <ul className="examples" aria-labelledby={`examples-${intent.id}`}>
        {intent.examples.map((example) => (
          <li key={example}>{example}</li>
        ))}
      </ul>
      {canEdit ? (
        <div className="actions">
          <button ref={editButton} type="button" className="secondary" aria-label={`Edit “${intent.name}”`} onClick={() => setIsEditing(true)}>
            Edit
          </button>
          <button type="button" className="danger-outline" aria-label={`Delete “${intent.name}”`} onClick={() => onDelete(intent)}>
            Delete
          </button>
        </div>
      ) : null}
    </li>
  );
}
