import { CheckboxInput, TemplateInput, TextInput } from "../../fields";
import { defineNodeUi, truncate } from "../types";

export const endUi = defineNodeUi<"end">({
  icon: "■",
  description: "Ends the conversation, optionally asking for a rating.",
  summarize: (data) => (data.askRating ? "Ends and asks for a rating" : data.message ? truncate(data.message) : "Ends the conversation"),
  Settings: ({ data, onChange, context }) => (
    <>
      <TemplateInput label="Goodbye message" value={data.message ?? ""} variables={context.variables} onChange={(message) => onChange({ ...data, message: message === "" ? undefined : message })} />
      <CheckboxInput label="Ask for a rating" checked={data.askRating} onChange={(askRating) => onChange({ ...data, askRating })} />
      {data.askRating ? (
        <TextInput
          label="Rating question"
          value={data.ratingQuestion ?? ""}
          placeholder="How would you rate this conversation, from 1 (poor) to 5 (great)?"
          onChange={(ratingQuestion) => onChange({ ...data, ratingQuestion: ratingQuestion === "" ? undefined : ratingQuestion })}
        />
      ) : null}
    </>
  ),
});
