import { describe, expect, it } from "vitest";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { getNodeType, NODE_TYPE_NAMES } from "@chatwright/flow";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "@chatwright/api";
import { TRPCProvider } from "../../trpc";
import { nodeUis, readNodeData } from "./registry";
import type { SettingsProps } from "./types";

const context = { workspaceId: "w", botId: "b", nodeId: "n", intents: ["order_status", "talk_to_person"], variables: ["last_message", "email"] };

function renderSettings(type: (typeof NODE_TYPE_NAMES)[number], data: Record<string, unknown>): string {
  const queryClient = new QueryClient();
  const Settings = nodeUis[type].Settings as (props: SettingsProps<typeof type>) => ReactNode;
  // Plain createElement: the repo's test glob is *.test.ts.
  const form = createElement(Settings, { data: readNodeData(type, data), onChange: () => undefined, context });
  const trpcClient = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "http://localhost/trpc" })] });
  return renderToStaticMarkup(createElement(QueryClientProvider, { client: queryClient }, createElement(TRPCProvider, { trpcClient, queryClient, children: form })));
}

describe("node type registry (dashboard layer)", () => {
  it("has an icon, a one-line description, a summary and a settings form for every node type", () => {
    for (const type of NODE_TYPE_NAMES) {
      const ui = nodeUis[type];
      expect(ui.icon, type).not.toBe("");
      expect(ui.description.length, type).toBeLessThan(90);
      const summary = (ui.summarize as (data: unknown) => string)(readNodeData(type, { ...(getNodeType(type).defaults as object) }));
      expect(summary, type).not.toBe("");
      expect(renderSettings(type, { ...(getNodeType(type).defaults as object) }), type).toContain("<label");
    }
  });

  it("renders every form from empty stored data without throwing (required fields take defaults)", () => {
    for (const type of NODE_TYPE_NAMES) expect(() => renderSettings(type, {}), type).not.toThrow();
  });

  it("keeps a cleared optional field cleared instead of bringing the default back", () => {
    expect(readNodeData("start", {}).greeting).toBeUndefined();
    expect(readNodeData("message", {}).text).toBe("Thanks for your message!");
  });

  it("labels the settings the issue names: intent picker, threshold, models, prompt, conditions, request, handoff", () => {
    expect(renderSettings("intent", { intents: ["order_status"] })).toMatch(/Intents to recognise[\s\S]*talk_to_person[\s\S]*Minimum confidence/);
    expect(renderSettings("faq", { topK: 3, answerMode: "llm" })).toMatch(/Minimum match[\s\S]*GPT-4o mini/);
    expect(renderSettings("llm", {})).toMatch(/Prompt[\s\S]*Mistral Small 3\.1[\s\S]*GPT-4o mini/);
    expect(renderSettings("condition", {})).toMatch(/Rule 1[\s\S]*contains[\s\S]*Add rule/);
    expect(renderSettings("http", {})).toMatch(/Address \(URL\)[\s\S]*Sample value for order_number[\s\S]*Send test request/);
    expect(renderSettings("handoff", {})).toContain("Handoff message");
  });

  it("keeps handoff business hours off by default; switched on, a time zone and opening times per weekday, each labelled", () => {
    const off = renderSettings("handoff", {});
    expect(off).toMatch(/Only hand over during business hours/);
    expect(off).not.toContain("Time zone");
    const on = renderSettings("handoff", { businessHours: { timezone: "Europe/Berlin", days: { mon: [{ from: "09:00", to: "12:00" }, { from: "13:00", to: "17:00" }] } } });
    expect(on).toMatch(/<legend>Business hours<\/legend>[\s\S]*Time zone[\s\S]*<option value="Europe\/Berlin" selected="">/);
    expect(on).toMatch(/<legend>Monday<\/legend>[\s\S]*Opens<span class="visually-hidden"> on Monday \(hours 1\)<\/span>[\s\S]*value="09:00"[\s\S]*value="13:00"[\s\S]*Add hours on Monday/);
    expect(on).toMatch(/<legend>Sunday<\/legend><p class="hint">Closed<\/p>/);
  });
});
