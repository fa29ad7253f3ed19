import { defineNodeUi, truncate, type SettingsProps } from "../types";

function SetSettings({ data, onChange }: SettingsProps<"set">) {
  const assignments = data.assignments;
  const update = (index: number, patch: Partial<(typeof assignments)[number]>) =>
    onChange({ ...data, assignments: assignments.map((assignment, i) => (i === index ? { ...assignment, ...patch } : assignment)) });
  return (
    <>
      <ol className="rule-list">
        {assignments.map((assignment, index) => (
          <li key={index} className="rule">
            <fieldset>
              <legend>Variable {index + 1}</legend>
              <label>
                Name
                <input value={assignment.variable} onChange={(event) => update(index, { variable: event.target.value })} />
              </label>
              <label>
                Value
                <input value={assignment.value} onChange={(event) => update(index, { value: event.target.value })} />
              </label>
              <button type="button" className="secondary small" disabled={assignments.length === 1} onClick={() => onChange({ ...data, assignments: assignments.filter((_, i) => i !== index) })}>
                Remove variable {index + 1}
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <p className="hint">Values may use variables, e.g. {"{{ last_message }}"}.</p>
      <button type="button" className="secondary" onClick={() => onChange({ ...data, assignments: [...assignments, { variable: "", value: "" }] })}>
        Add variable
      </button>
    </>
  );
}

export const setUi = defineNodeUi<"set">({
  icon: "≔",
  description: "Remembers values in variables for later steps.",
  summarize: (data) => truncate(data.assignments.map((assignment) => `${assignment.variable} = ${assignment.value}`).join(", ")),
  Settings: SetSettings,
});
