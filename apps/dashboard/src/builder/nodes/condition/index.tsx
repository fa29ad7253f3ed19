import { CONDITION_OPERATORS, type ConditionOperator } from "@chatwright/flow";
import { useId } from "react";
import { SelectInput } from "../../fields";
import { defineNodeUi, truncate, type SettingsProps } from "../types";

const OPERATOR_LABELS: Record<ConditionOperator, string> = {
  equals: "is",
  notEquals: "is not",
  contains: "contains",
  matches: "matches the pattern",
  exists: "is set",
  notExists: "is not set",
  gt: "is more than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
};
const isValueless = (operator: ConditionOperator) => operator === "exists" || operator === "notExists";

function ConditionSettings({ data, onChange, context }: SettingsProps<"condition">) {
  const listId = useId();
  const setRule = (index: number, rule: (typeof data.rules)[number]) => onChange({ ...data, rules: data.rules.map((other, i) => (i === index ? rule : other)) });
  return (
    <>
      <SelectInput
        label="Go to “true” when"
        value={data.combinator}
        options={[
          { value: "all", label: "all rules match" },
          { value: "any", label: "any rule matches" },
        ]}
        onChange={(combinator) => onChange({ ...data, combinator })}
      />
      <datalist id={listId}>
        {context.variables.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <ol className="rule-list">
        {data.rules.map((rule, index) => (
          <li key={index} className="rule">
            <fieldset>
              <legend>Rule {index + 1}</legend>
              <label>
                Variable
                <input list={listId} value={rule.variable} onChange={(event) => setRule(index, { ...rule, variable: event.target.value })} />
              </label>
              <label>
                Comparison
                <select
                  value={rule.operator}
                  onChange={(event) => {
                    const operator = CONDITION_OPERATORS.find((candidate) => candidate === event.target.value) ?? rule.operator;
                    setRule(index, isValueless(operator) ? { variable: rule.variable, operator } : { ...rule, operator, value: rule.value ?? "" });
                  }}
                >
                  {CONDITION_OPERATORS.map((operator) => (
                    <option key={operator} value={operator}>
                      {OPERATOR_LABELS[operator]}
                    </option>
                  ))}
                </select>
              </label>
              {isValueless(rule.operator) ? null : (
                <label>
                  Value
                  <input value={rule.value ?? ""} onChange={(event) => setRule(index, { ...rule, value: event.target.value })} />
                </label>
              )}
              <button type="button" className="secondary small" disabled={data.rules.length === 1} onClick={() => onChange({ ...data, rules: data.rules.filter((_, i) => i !== index) })}>
                Remove rule {index + 1}
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" className="secondary" onClick={() => onChange({ ...data, rules: [...data.rules, { variable: "last_message", operator: "contains", value: "" }] })}>
        Add rule
      </button>
    </>
  );
}

export const conditionUi = defineNodeUi<"condition">({
  icon: "⋔",
  description: "Branches on variables: true or false, no code needed.",
  summarize: (data) =>
    truncate(
      data.rules
        .map((rule) => `${rule.variable} ${OPERATOR_LABELS[rule.operator]}${isValueless(rule.operator) ? "" : ` “${rule.value ?? ""}”`}`)
        .join(data.combinator === "all" ? " and " : " or "),
    ),
  Settings: ConditionSettings,
});
