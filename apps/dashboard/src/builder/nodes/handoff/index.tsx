import { TemplateInput } from "../../fields";
import { defineNodeUi, truncate } from "../types";

export const handoffUi = defineNodeUi<"handoff">({
  icon: "☎",
  description: "Passes the conversation to a person on your team.",
  summarize: (data) => truncate(data.waitingMessage),
  Settings: ({ data, onChange, context }) => (
    <>
      <TemplateInput label="Handoff message" hint="What the visitor sees while waiting for a person." value={data.waitingMessage} variables={context.variables} onChange={(waitingMessage) => onChange({ ...data, waitingMessage })} />
      <TemplateInput
        label="Message when nobody is online"
        value={data.offlineMessage ?? ""}
        variables={context.variables}
        onChange={(offlineMessage) => onChange({ ...data, offlineMessage: offlineMessage === "" ? undefined : offlineMessage })}
      />
    </>
  ),
});
