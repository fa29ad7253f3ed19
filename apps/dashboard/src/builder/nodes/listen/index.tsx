import { TextInput } from "../../fields";
import { defineNodeUi } from "../types";

export const listenUi = defineNodeUi<"listen">({
  icon: "☺",
  description: "Waits for the visitor's next message.",
  summarize: (data) => (data.variable ? `Saves it as ${data.variable}` : "Waits for the visitor"),
  Settings: ({ data, onChange }) => (
    <TextInput
      label="Also save the message as"
      hint="Optional variable name. The message is always available as last_message."
      value={data.variable ?? ""}
      onChange={(variable) => onChange({ ...data, variable: variable === "" ? undefined : variable })}
    />
  ),
});
