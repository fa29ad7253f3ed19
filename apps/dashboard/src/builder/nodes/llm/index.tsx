import { CheckboxInput, ModelPicker, NumberInput, TemplateInput, TextInput, ThresholdInput } from "../../fields";
import { defineNodeUi } from "../types";

export const llmUi = defineNodeUi<"llm">({
  icon: "✦",
  description: "Writes a reply with AI from your prompt (and your knowledge).",
  summarize: (data) => `${data.model.split("/").at(-1) ?? data.model}${data.useKnowledge ? " · uses knowledge" : ""}`,
  Settings: ({ data, onChange, context }) => (
    <>
      <TemplateInput label="Prompt" hint="What to ask the AI. Type {{ to insert a variable, e.g. {{ last_message }}." value={data.prompt} variables={context.variables} onChange={(prompt) => onChange({ ...data, prompt })} rows={4} />
      <TemplateInput label="Instructions (system prompt)" hint="How the AI should behave: tone, what it may and may not say." value={data.systemPrompt} variables={context.variables} onChange={(systemPrompt) => onChange({ ...data, systemPrompt })} rows={4} />
      <ModelPicker value={data.model} onChange={(model) => onChange({ ...data, model: model ?? "" })} />
      <ThresholdInput label="Creativity (temperature)" hint="Low: precise and repeatable. High: more varied." value={data.temperature / 2} onChange={(value) => onChange({ ...data, temperature: Math.round(value * 200) / 100 })} />
      <NumberInput label="Longest reply (tokens)" min={1} max={4096} value={data.maxTokens} onChange={(maxTokens) => onChange({ ...data, maxTokens: maxTokens ?? 400 })} />
      <CheckboxInput label="Use the knowledge base" hint="Gives the AI the passages that best match the visitor's message." checked={data.useKnowledge} onChange={(useKnowledge) => onChange({ ...data, useKnowledge })} />
      <TextInput label="Also save the reply as" value={data.saveAs ?? ""} onChange={(saveAs) => onChange({ ...data, saveAs: saveAs === "" ? undefined : saveAs })} />
    </>
  ),
});
