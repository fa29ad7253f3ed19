import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { templateVariables, type NodeDataByType } from "@chatwright/flow";
import { useTRPC } from "../../../trpc";
import { describeError } from "../../../errors";
import { NumberInput, SelectInput, TemplateInput, TextInput } from "../../fields";
import { defineNodeUi, truncate, type SettingsContext, type SettingsProps } from "../types";

type HttpData = NodeDataByType["http"];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function HttpSettings({ data, onChange, context }: SettingsProps<"http">) {
  const headers = Object.entries(data.headers);
  const setHeaders = (entries: [string, string][]) => onChange({ ...data, headers: Object.fromEntries(entries) });
  return (
    <>
      <SelectInput label="Method" value={data.method} options={METHODS.map((value) => ({ value, label: value }))} onChange={(method) => onChange({ ...data, method })} />
      <TemplateInput label="Address (URL)" hint="Type {{ to insert a variable; it is URL-encoded for you." value={data.url} variables={context.variables} onChange={(url) => onChange({ ...data, url })} rows={2} />
      <fieldset>
        <legend>Headers</legend>
        <ol className="rule-list">
          {headers.map(([name, value], index) => (
            <li key={index} className="rule">
              <label>
                Header name
                <input value={name} onChange={(event) => setHeaders(headers.map((entry, i): [string, string] => (i === index ? [event.target.value, entry[1]] : entry)))} />
              </label>
              <label>
                Header value
                <input value={value} onChange={(event) => setHeaders(headers.map((entry, i): [string, string] => (i === index ? [entry[0], event.target.value] : entry)))} />
              </label>
              <button type="button" className="secondary small" onClick={() => setHeaders(headers.filter((_, i) => i !== index))}>
                Remove header {index + 1}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" className="secondary" onClick={() => setHeaders([...headers, [`X-Header-${headers.length + 1}`, ""]])}>
          Add header
        </button>
      </fieldset>
      {data.method === "GET" ? null : <TemplateInput label="Body" hint="Usually JSON. Variables are escaped for you." value={data.body} variables={context.variables} onChange={(body) => onChange({ ...data, body })} rows={4} />}
      <NumberInput label="Give up after (milliseconds)" min={100} max={30000} step={100} value={data.timeoutMs} onChange={(timeoutMs) => onChange({ ...data, timeoutMs: timeoutMs ?? 5000 })} />
      <fieldset>
        <legend>Save from the response</legend>
        <ol className="rule-list">
          {data.responseMapping.map((mapping, index) => (
            <li key={index} className="rule">
              <label>
                Variable
                <input value={mapping.variable} onChange={(event) => onChange({ ...data, responseMapping: data.responseMapping.map((m, i) => (i === index ? { ...m, variable: event.target.value } : m)) })} />
              </label>
              <label>
                Field in the response
                <input value={mapping.path} placeholder="order.status" onChange={(event) => onChange({ ...data, responseMapping: data.responseMapping.map((m, i) => (i === index ? { ...m, path: event.target.value } : m)) })} />
              </label>
              <button type="button" className="secondary small" onClick={() => onChange({ ...data, responseMapping: data.responseMapping.filter((_, i) => i !== index) })}>
                Remove field {index + 1}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" className="secondary" onClick={() => onChange({ ...data, responseMapping: [...data.responseMapping, { variable: "", path: "" }] })}>
          Add field
        </button>
      </fieldset>
      <TestCall data={data} context={context} />
    </>
  );
}

/**
 * The test call runs through the server (the same guarded client the bot
 * uses, so private addresses are refused here too): a tiny flow that sets
 * the sample values, calls, and stops.
 */
function TestCall({ data, context }: { data: HttpData; context: SettingsContext }) {
  const trpc = useTRPC();
  const needed = [...new Set([data.url, data.body, ...Object.values(data.headers)].flatMap((template) => templateVariables(template)))];
  const [samples, setSamples] = useState<Record<string, string>>({});
  const simulate = useMutation(trpc.conversations.simulate.mutationOptions());
  const run = () => {
    const assignments = needed.map((variable) => ({ variable, value: samples[variable] ?? "" }));
    const nodes = [
      { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
      ...(assignments.length ? [{ id: "samples", type: "set", position: { x: 0, y: 100 }, data: { assignments } }] : []),
      { id: "call", type: "http", position: { x: 0, y: 200 }, data },
      { id: "ok", type: "end", position: { x: 0, y: 300 }, data: { askRating: false } },
      { id: "failed", type: "end", position: { x: 200, y: 300 }, data: { askRating: false } },
    ];
    const edges = [
      { id: "e1", source: "start", sourceHandle: "next", target: assignments.length ? "samples" : "call" },
      ...(assignments.length ? [{ id: "e2", source: "samples", sourceHandle: "next", target: "call" }] : []),
      { id: "e3", source: "call", sourceHandle: "ok", target: "ok" },
      { id: "e4", source: "call", sourceHandle: "error", target: "failed" },
    ];
    simulate.mutate({ workspaceId: context.workspaceId, botId: context.botId, graph: { schemaVersion: 1, nodes, edges } });
  };
  const result = simulate.data;
  return (
    <section className="test-call" aria-label="Test call">
      <h4>Test call</h4>
      {needed.map((variable) => (
        <TextInput key={variable} label={`Sample value for ${variable}`} value={samples[variable] ?? ""} onChange={(value) => setSamples({ ...samples, [variable]: value })} />
      ))}
      <button type="button" className="secondary" disabled={simulate.isPending} onClick={run}>
        {simulate.isPending ? "Calling…" : "Send test request"}
      </button>
      <div role="status">
        {simulate.isError ? <p className="form-error">{describeError(simulate.error).message}</p> : null}
        {result && !result.ok ? <p className="form-error">Fix this node's settings first: {result.errors.map((issue) => issue.message).join(" ")}</p> : null}
        {result?.ok ? (
          result.path.includes("ok") ? (
            <>
              <p className="success">The request worked.</p>
              <dl className="facts">
                {data.responseMapping.map((mapping) => (
                  <div key={mapping.variable}>
                    <dt>{mapping.variable}</dt>
                    <dd>{result.variables[mapping.variable] ?? "(not in the response)"}</dd>
                  </div>
                ))}
              </dl>
            </>
          ) : (
            <p className="form-error">The request failed{result.error ? `: ${result.error.message}` : ""}. The flow would leave through “error”.</p>
          )
        ) : null}
      </div>
    </section>
  );
}

export const httpUi = defineNodeUi<"http">({
  icon: "⇄",
  description: "Calls another system (order status, CRM) and saves the answer.",
  summarize: (data) => `${data.method} ${truncate(data.url, 60)}`,
  Settings: HttpSettings,
});
