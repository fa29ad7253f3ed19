import { TemplateInput } from "../../fields";
import { defineNodeUi, truncate } from "../types";

export const startUi = defineNodeUi<"start">({
  icon: "▶",
  description: "Where every conversation begins, with an optional greeting.",
  summarize: (data) => (data.greeting ? truncate(data.greeting) : "No greeting"),
  Settings: ({ data, onChange, context }) => (
    <TemplateInput
      label="Greeting"
      hint="Sent when a visitor opens the chat. Leave empty to wait for them to write first."
      value={data.greeting ?? ""}
      variables={context.variables}
      onChange={(greeting) => onChange({ ...data, greeting: greeting === "" ? undefined : greeting })}
    />
  ),
});
