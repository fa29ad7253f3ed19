import { ModelPicker, NumberInput, SelectInput, ThresholdInput } from "../../fields";
import { defineNodeUi } from "../types";

export const faqUi = defineNodeUi<"faq">({
  icon: "☰",
  description: "Answers from your knowledge base (FAQ, documents).",
  summarize: (data) => `${data.answerMode === "llm" ? "AI-written answer" : "Best stored answer"} · min. match ${Math.round((data.threshold ?? 0.3) * 100)}%`,
  Settings: ({ data, onChange }) => (
    <>
      <ThresholdInput
        label="Minimum match"
        hint="How sure the bot must be that an answer fits. Below it, the flow goes to “not found”."
        value={data.threshold ?? 0.3}
        onChange={(threshold) => onChange({ ...data, threshold })}
      />
      <SelectInput
        label="How to answer"
        value={data.answerMode}
        options={[
          { value: "direct", label: "Send the best stored answer" },
          { value: "llm", label: "Let the AI write an answer from the best passages" },
        ]}
        onChange={(answerMode) => onChange({ ...data, answerMode })}
      />
      {data.answerMode === "llm" ? <ModelPicker allowBotDefault value={data.model} onChange={(model) => onChange({ ...data, model })} /> : null}
      <NumberInput label="Passages to use" min={1} max={10} value={data.topK} onChange={(topK) => onChange({ ...data, topK: topK ?? 3 })} />
    </>
  ),
});
