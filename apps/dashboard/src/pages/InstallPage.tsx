import { useEffect, useState, type CSSProperties } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type RouterOutputs } from "../trpc";
import { describeError } from "../errors";
import type { BotTabProps } from "../components/BotTabs";
import { CopyButton } from "../components/CopyButton";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { parseAllowedOrigin, widgetSnippet } from "../widgetOrigins";
import { TryBotLink } from "../onboarding/BotState";
import { SessionTimeoutSetting } from "../onboarding/SessionTimeoutSetting";

type WidgetSettings = RouterOutputs["bots"]["widgetSettings"];
type Theme = WidgetSettings["theme"];

/** `/w/:ws/bots/:botId/install`: the snippet to paste, where it may run, and how it looks. */
export function InstallPage({ workspace, bot }: BotTabProps) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.bots.widgetSettings.queryOptions({ workspaceId: workspace.id, botId: bot.id }));
  if (settings.isPending) return <p role="status">Loading the install settings…</p>;
  if (settings.isError) return <p role="alert">{describeError(settings.error).message}</p>;
  return <InstallForm workspaceId={workspace.id} botId={bot.id} settings={settings.data} />;
}

function InstallForm({ workspaceId, botId, settings }: { workspaceId: string; botId: string; settings: WidgetSettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [origins, setOrigins] = useState(settings.allowedOrigins);
  const [newOrigin, setNewOrigin] = useState("");
  const [originError, setOriginError] = useState<string | null>(null);
  const [theme, setTheme] = useState<Theme>(settings.theme);
  const [whiteLabel, setWhiteLabel] = useState(settings.whiteLabel);
  const [saved, setSaved] = useState("");
  useEffect(() => setSaved(""), [origins, theme, whiteLabel]);
  const save = useMutation(
    trpc.bots.updateWidgetSettings.mutationOptions({
      onSuccess: async () => {
        setSaved("Saved. Shops pick up the change within a few minutes.");
        await queryClient.invalidateQueries(trpc.bots.widgetSettings.pathFilter());
      },
    }),
  );
  const snippet = widgetSnippet(window.location.origin, settings.publicKey);
  const error = save.error ? describeError(save.error) : null;
  const update = (change: Partial<Theme>) => setTheme((current) => ({ ...current, ...change }));

  function addOrigin() {
    const parsed = parseAllowedOrigin(newOrigin);
    if ("error" in parsed) return setOriginError(parsed.error);
    setOriginError(null);
    setNewOrigin("");
    if (!origins.includes(parsed.origin)) setOrigins([...origins, parsed.origin]);
  }

  return (
    <div className="install-page">
      <section aria-labelledby="install-snippet">
        <h2 id="install-snippet">Add the chat to your shop</h2>
        <p>Paste this line into your shop's pages, just before &lt;/body&gt;. Visitors then see the chat bubble.</p>
        <pre className="snippet">
          <code>{snippet}</code>
        </pre>
        <CopyButton text={snippet} label="Copy snippet" />
        <p className="try-first">
          No website at hand? <TryBotLink publicKey={settings.publicKey} className="link-like" /> shows this bot's chat on a page of its own.
        </p>
        <p className="hint">
          From your page's JavaScript: <code>Chatwright.open()</code>, <code>Chatwright.close()</code>, <code>Chatwright.identify({"{ name, email }"})</code>,{" "}
          <code>Chatwright.on("message", fn)</code>.
        </p>
      </section>

      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ workspaceId, botId, allowedOrigins: origins, theme, whiteLabel });
        }}
      >
        <section aria-labelledby="install-origins">
          <h2 id="install-origins">Websites allowed to show this bot</h2>
          <p className="hint">The chat only works on these addresses, so nobody can put your bot on their site. With none, it works nowhere.</p>
          {origins.length === 0 ? <p>No websites yet.</p> : null}
          <ul className="origin-list" aria-label="Allowed websites">
            {origins.map((origin) => (
              <li key={origin}>
                <code>{origin}</code>{" "}
                <button type="button" className="secondary" aria-label={`Remove ${origin}`} onClick={() => setOrigins(origins.filter((o) => o !== origin))}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <div className="inline-form">
            <Field
              label="Website address"
              hint="Like https://shop.com, or https://*.shop.com for every subdomain."
              value={newOrigin}
              errors={originError ? [originError] : undefined}
              onChange={(event) => setNewOrigin(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter") {
                  event.preventDefault();
                  addOrigin();
                }
              }}
            />
            <button type="button" onClick={addOrigin}>
              Add website
            </button>
          </div>
        </section>

        <section aria-labelledby="install-theme" className="theme-editor">
          <h2 id="install-theme">Look</h2>
          <div className="theme-fields">
            <div className="field">
              <label htmlFor="theme-color">Main colour</label>
              <input id="theme-color" type="color" value={theme.primaryColor} onChange={(event) => update({ primaryColor: event.target.value })} />
            </div>
            <fieldset>
              <legend>Position</legend>
              {(["left", "right"] as const).map((side) => (
                <label key={side}>
                  <input type="radio" name="theme-position" value={side} checked={theme.position === side} onChange={() => update({ position: side })} /> Bottom {side}
                </label>
              ))}
            </fieldset>
            <Field label="Title" value={theme.title} maxLength={60} required onChange={(event) => update({ title: event.target.value })} errors={error?.fieldErrors["theme"]} />
            <Field label="Greeting above the conversation" value={theme.greeting} maxLength={300} onChange={(event) => update({ greeting: event.target.value })} />
            <Field
              label="Avatar image address"
              hint="An https:// image, shown in the chat's header. Leave empty for none."
              type="url"
              value={theme.avatarUrl ?? ""}
              onChange={(event) => update({ avatarUrl: event.target.value || null })}
            />
            <div className="field">
              <label>
                <input type="checkbox" checked={whiteLabel} disabled={!settings.canWhiteLabel && !whiteLabel} onChange={(event) => setWhiteLabel(event.target.checked)} /> Hide “Powered by
                Chatwright”
              </label>
              {settings.canWhiteLabel ? null : <p className="hint">Part of the Enterprise plan.</p>}
            </div>
          </div>
          <WidgetPreview theme={theme} whiteLabel={whiteLabel} />
        </section>

        <FormError message={error?.message} />
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save install settings"}
        </button>
        <span role="status" className="save-status">
          {saved}
        </span>
      </form>

      <section aria-labelledby="install-returning" className="returning-visitors">
        <h2 id="install-returning">Returning visitors</h2>
        <SessionTimeoutSetting workspaceId={workspaceId} botId={botId} />
      </section>
    </div>
  );
}

/** A still picture of the widget with the current (unsaved) theme. */
function WidgetPreview({ theme, whiteLabel }: { theme: Theme; whiteLabel: boolean }) {
  const side: CSSProperties = theme.position === "left" ? { left: 12 } : { right: 12 };
  return (
    <figure className="widget-preview" aria-label="Preview of the chat on your shop">
      <div style={{ position: "relative", height: 360, background: "#f3f4f6", borderRadius: 8, overflow: "hidden", font: "14px/1.45 system-ui, sans-serif" }}>
        <div style={{ position: "absolute", bottom: 76, width: 260, ...side, background: "#fff", borderRadius: 12, boxShadow: "0 6px 24px rgba(0,0,0,.2)", overflow: "hidden" }}>
          <div style={{ background: theme.primaryColor, color: "#fff", padding: "10px 12px", display: "flex", gap: 8, alignItems: "center", fontWeight: 600 }}>
            {theme.avatarUrl ? <img src={theme.avatarUrl} alt="" width={24} height={24} style={{ borderRadius: "50%" }} /> : null}
            {theme.title || "Chat with us"}
          </div>
          <div style={{ padding: 12, background: "#f9fafb", display: "grid", gap: 8 }}>
            {theme.greeting ? <p style={{ margin: 0, color: "#4b5563", fontSize: 12, textAlign: "center" }}>{theme.greeting}</p> : null}
            <p style={{ margin: 0, background: "#fff", border: "1px solid #e5e7eb", borderRadius: 12, padding: "6px 10px", justifySelf: "start" }}>Hi! How can I help?</p>
            <p style={{ margin: 0, background: theme.primaryColor, color: "#fff", borderRadius: 12, padding: "6px 10px", justifySelf: "end" }}>Where is my order?</p>
          </div>
          {whiteLabel ? null : <p style={{ margin: 0, fontSize: 11, color: "#6b7280", textAlign: "center", padding: 6 }}>Powered by Chatwright</p>}
        </div>
        <div style={{ position: "absolute", bottom: 12, ...side, width: 52, height: 52, borderRadius: "50%", background: theme.primaryColor }} aria-hidden="true" />
      </div>
      <figcaption className="hint">Preview — save to update your shop.</figcaption>
    </figure>
  );
}
