import { ANSWER_VALIDATIONS, type AnswerValidation } from "@chatwright/flow";
import { NumberInput, SelectInput, TemplateInput, TextInput } from "../../fields";
import { defineNodeUi, truncate } from "../types";

const VALIDATION_LABELS: Record<AnswerValidation, string> = {
  text: "Any text",
  email: "An email address",
  phone: "A phone number",
  number: "A number",
  regex: "Matches a pattern (advanced)",
};

export const askUi = defineNodeUi<"ask">({
  icon: "✎",
  description: "Asks a question, checks the answer and saves it in a variable.",
  summarize: (data) => `${truncate(data.question, 60)} → ${data.variable}`,
  Settings: ({ data, onChange, context }) => (
    <>
      <TemplateInput label="Question" value={data.question} variables={context.variables} onChange={(question) => onChange({ ...data, question })} />
      <SelectInput
        label="Expected answer"
        value={data.validation}
        options={ANSWER_VALIDATIONS.map((value) => ({ value, label: VALIDATION_LABELS[value] }))}
        onChange={(validation) => onChange({ ...data, validation })}
      />
      {data.validation === "regex" ? (
        <TextInput label="Pattern" hint="A regular expression the answer must match, e.g. ^[A-Z]{2}\d{6}$" value={data.pattern ?? ""} onChange={(pattern) => onChange({ ...data, pattern })} />
      ) : null}
      <TextInput label="Save the answer as" hint="A variable name: letters, digits and _." value={data.variable} onChange={(variable) => onChange({ ...data, variable })} />
      <TemplateInput label="When the answer is not valid, say" value={data.retryMessage} variables={context.variables} onChange={(retryMessage) => onChange({ ...data, retryMessage })} rows={2} />
      <NumberInput
        label="Ask again at most"
        hint="Times, before leaving through “invalid”. Empty: ask until the answer is valid."
        min={0}
        max={10}
        value={data.maxRetries}
        onChange={(maxRetries) => onChange({ ...data, maxRetries })}
      />
    </>
  ),
});
