import { LinesInput, TemplateInput } from "../../fields";
import { defineNodeUi, truncate } from "../types";

export const messageUi = defineNodeUi<"message">({
  icon: "✉",
  description: "Sends a message, optionally with quick-reply buttons.",
  summarize: (data) => truncate(data.text || "(empty message)"),
  Settings: ({ data, onChange, context }) => (
    <>
      <TemplateInput label="Message" value={data.text} variables={context.variables} onChange={(text) => onChange({ ...data, text })} rows={4} />
      <LinesInput
        label="Quick replies"
        hint="Buttons the visitor can tap instead of typing, one per line (up to 10)."
        value={data.quickReplies ?? []}
        onChange={(quickReplies) => onChange({ ...data, quickReplies: quickReplies.length ? quickReplies : undefined })}
      />
    </>
  ),
});
