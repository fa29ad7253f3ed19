import "@xyflow/react/dist/style.css";
import "../onboarding/onboarding.css";
import "./builder.css";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { describeError } from "../errors";
import type { BotTabProps } from "../components/BotTabs";
import { canUseFlowBuilder } from "./entitlements";
import { FlowEditor } from "./FlowEditor";
import { PlanFallbackNotice } from "./PlanFallbackNotice";
import { PlanStepsContext, planStepsOf } from "./planSteps";
import { TemplateGallery } from "./TemplateGallery";
import { TestChat } from "./TestChat";
import { ReturningVisitorsNote } from "./ReturningVisitorsNote";

/** The Flow tab's page (loaded lazily by FlowTab): the canvas from Starter up (Starter: its NLP steps), the fixed FAQ-bot setup on Free. */
export default function FlowPage({ workspace, bot }: BotTabProps) {
  if (!canUseFlowBuilder(workspace.plan)) return <FaqBotSetup workspaceId={workspace.id} botId={bot.id} canEdit={workspace.role !== "AGENT"} />;
  return <FlowBuilder workspaceId={workspace.id} botId={bot.id} canEdit={workspace.role !== "AGENT"} plan={workspace.plan} />;
}

function FlowBuilder({ workspaceId, botId, canEdit, plan }: { workspaceId: string; botId: string; canEdit: boolean; plan: BotTabProps["workspace"]["plan"] }) {
  const trpc = useTRPC();
  const flows = useQuery(trpc.flows.list.queryOptions({ workspaceId, botId }));
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [isCreating, setIsCreating] = useState(false);

  if (flows.isPending) return <p role="status">Loading flows…</p>;
  if (flows.isError) return <p className="form-error">{describeError(flows.error).message}</p>;
  const current = flows.data.find((flow) => flow.id === chosenId) ?? flows.data.find((flow) => flow.isActive) ?? flows.data[0];
  if (!current || isCreating) {
    if (!canEdit) return <p>This bot has no flow yet. An owner or admin can create one.</p>;
    return (
      <TemplateGallery
        workspaceId={workspaceId}
        botId={botId}
        onCreated={(flowId) => {
          setChosenId(flowId);
          setIsCreating(false);
        }}
        onCancel={current ? () => setIsCreating(false) : undefined}
      />
    );
  }
  const picker = (
    <div className="flow-picker">
      <label htmlFor="flow-choice" className="visually-hidden">
        Flow
      </label>
      <select id="flow-choice" value={current.id} onChange={(event) => setChosenId(event.target.value)}>
        {flows.data.map((flow) => (
          <option key={flow.id} value={flow.id}>
            {flow.name}
            {flow.isActive ? " (live)" : flow.latestVersion === null ? " (never published)" : ""}
          </option>
        ))}
      </select>
      {canEdit ? (
        <button type="button" className="secondary small" onClick={() => setIsCreating(true)}>
          New flow
        </button>
      ) : null}
    </div>
  );
  return (
    <PlanStepsContext value={planStepsOf(plan)}>
      <PlanFallbackNotice workspaceId={workspaceId} botId={botId} />
      <FlowEditor key={current.id} workspaceId={workspaceId} botId={botId} flowId={current.id} canEdit={canEdit} isActive={current.isActive} flowPicker={picker} />
    </PlanStepsContext>
  );
}

const FAQ_BOT_FLOW_NAME = "FAQ bot";

/** Free: one fixed flow (greet, then answer from the knowledge base), and what Starter and Pro add. */
function FaqBotSetup({ workspaceId, botId, canEdit }: { workspaceId: string; botId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const flows = useQuery(trpc.flows.list.queryOptions({ workspaceId, botId }));
  const faqFlow = flows.data?.find((flow) => flow.name === FAQ_BOT_FLOW_NAME);
  const current = useQuery({ ...trpc.flows.get.queryOptions({ workspaceId, flowId: faqFlow?.id ?? "" }), enabled: Boolean(faqFlow) });
  const storedGreeting = readGreeting(current.data?.graph);
  const [greeting, setGreeting] = useState<string | null>(null);
  const setup = useMutation(
    trpc.flows.setupFaqBot.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.flows.list.queryKey({ workspaceId, botId }) }),
          queryClient.invalidateQueries(trpc.flows.get.pathFilter()),
          queryClient.invalidateQueries(trpc.bots.pathFilter()),
        ]),
    }),
  );
  const shown = greeting ?? storedGreeting ?? "Hi! Ask me anything about our shop.";
  return (
    <section className="faq-setup" aria-labelledby="faq-setup-heading">
      <h2 id="faq-setup-heading">Your FAQ bot</h2>
      <p className="lede">Your bot greets visitors, then answers every question from your knowledge base. When it does not know, it says so and waits for the next question.</p>
      <p className="faq-live-state">
        {faqFlow?.isActive && faqFlow.latestVersion !== null
          ? `Live: visitors chat with version ${faqFlow.latestVersion}.`
          : "Not live yet. Its first answers on the Knowledge tab make it live, or set it up below."}
      </p>
      <ol className="faq-steps" aria-label="How your FAQ bot works">
        <li>Greeting</li>
        <li>Waits for a question</li>
        <li>Answers from your knowledge base</li>
        <li>Not found: “I don't know that yet…”</li>
      </ol>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setup.mutate({ workspaceId, botId, greeting: shown });
        }}
      >
        <div className="field">
          <label htmlFor="faq-greeting">Greeting</label>
          <textarea id="faq-greeting" rows={2} value={shown} maxLength={4000} disabled={!canEdit} onChange={(event) => setGreeting(event.target.value)} />
        </div>
        {setup.isError ? <p className="form-error">{describeError(setup.error).message}</p> : null}
        <div role="status">
          {setup.isSuccess ? (
            <p className="success">
              Saved and live (version {setup.data.version.number}). <ReturningVisitorsNote workspaceId={workspaceId} botId={botId} />
            </p>
          ) : null}
        </div>
        {canEdit ? (
          <button type="submit" disabled={setup.isPending}>
            {setup.isPending ? "Publishing…" : faqFlow ? "Save and publish" : "Set up the FAQ bot"}
          </button>
        ) : null}
      </form>
      {canEdit && current.data ? (
        <div className="faq-test-chat">
          <TestChat key={current.data.draftRevision} workspaceId={workspaceId} botId={botId} graph={current.data.graph} />
        </div>
      ) : null}
      <aside className="upgrade" aria-label="Upgrade">
        <h3>Want more than answers?</h3>
        <p>
          The <strong>Starter plan</strong> opens the flow builder: recognise your customers' intents, ask questions, branch on answers and hand over to your team.{" "}
          <strong>Pro</strong> adds AI replies and calls to your order system. Ask your workspace owner to upgrade.
        </p>
      </aside>
    </section>
  );
}

function readGreeting(graph: unknown): string | null {
  if (typeof graph !== "object" || graph === null || !("nodes" in graph) || !Array.isArray(graph.nodes)) return null;
  for (const node of graph.nodes as unknown[]) {
    if (typeof node === "object" && node !== null && "type" in node && node.type === "start" && "data" in node) {
      const data = node.data;
      if (typeof data === "object" && data !== null && "greeting" in data && typeof data.greeting === "string") return data.greeting;
    }
  }
  return null;
}
