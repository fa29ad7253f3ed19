import type { OutgoingMessage } from "./core/outbox";
import type { ChatSession, ChatSessionView } from "./core/session";
import type { ChatMessage, WidgetConfig } from "./core/types";
import { css } from "./styles";

type Attrs = Record<string, string | boolean | ((event: Event) => void)>;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else if (value !== false) el.setAttribute(name, value);
  }
  el.append(...children);
  return el;
}

const CHAT_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
const FOCUSABLE = "button:not([disabled]),textarea:not([disabled]),a[href]";

interface LogItem {
  key: string;
  role: ChatMessage["role"];
  text: string;
  isSending?: boolean;
  isDraft?: boolean;
  sources?: string[] | undefined;
  /** Refused by the server for good: shown with why, and retry / delete. */
  unsent?: OutgoingMessage;
}

export interface MountedWidget {
  open(): void;
  close(): void;
}

/** Launcher and panel in a shadow root; renders the session's view on every change. */
export function mountWidget(options: { config: WidgetConfig; session: ChatSession; isOpen: boolean; onOpenChange(isOpen: boolean): void }): MountedWidget {
  const { config, session } = options;
  const { theme } = config;
  const host = document.createElement("chatwright-widget");
  const root = host.attachShadow({ mode: "open" });
  const badge = h("span", { class: "badge", hidden: true, "aria-hidden": "true" });
  const launcher = h("button", { class: "launcher", type: "button", "aria-label": `Open chat: ${theme.title}`, "aria-expanded": "false", "aria-controls": "cw-panel" });
  launcher.innerHTML = CHAT_ICON;
  launcher.append(badge);
  const log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "Conversation", tabindex: "0" });
  if (theme.greeting) log.append(h("p", { class: "intro" }, theme.greeting));
  const typing = h("div", { class: "typing", hidden: true, role: "status" }, h("span", { class: "sr" }, "Typing…"), h("i"), h("i"), h("i"));
  const note = h("div", { class: "note", role: "status" });
  const alert = h("div", { class: "alert", role: "alert" });
  const quick = h("div", { class: "quick", role: "group", "aria-label": "Suggested replies" });
  const end = h("div", { class: "end", hidden: true });
  const input = h("textarea", { id: "cw-input", rows: "1", maxlength: "4000", placeholder: "Type a message…", "aria-label": "Message" });
  const sendButton = h("button", { type: "submit" }, "Send");
  const form = h("form", { onsubmit: (event) => (event.preventDefault(), submit()) }, input, sendButton);
  const startOver = h("button", { type: "button", onclick: () => void session.startOver() }, "Start over");
  const closeButton = h("button", { type: "button", "aria-label": "Close chat", onclick: () => close() }, "✕");
  // The dialog's own header, not a second banner landmark on the shop's page.
  const header = h("header", { role: "none" }, ...(theme.avatarUrl ? [h("img", { src: theme.avatarUrl, alt: "" })] : []), h("h2", { id: "cw-title" }, theme.title), startOver, closeButton);
  const panel = h(
    "div",
    { class: "panel", id: "cw-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "cw-title", hidden: true },
    header,
    log,
    typing,
    quick,
    note,
    alert,
    end,
    form,
  );
  if (!config.whiteLabel) {
    panel.append(h("p", { class: "brand" }, "Powered by ", h("a", { href: "https://chatwright.app", target: "_blank", rel: "noopener" }, "Chatwright")));
  }
  const shell = h("div", { class: "cw" }, launcher, panel);
  const style = h("style");
  style.textContent = css(theme.primaryColor, theme.position);
  root.append(style, shell);
  document.body.append(host);

  let isOpen = false;
  let shouldFocusInput = false;
  let unread = 0;
  const rendered = new Map<string, HTMLElement>();

  function submit() {
    if (session.send(input.value)) input.value = "";
    input.focus();
  }
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  });
  launcher.addEventListener("click", () => (isOpen ? close() : open()));
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") return close();
    if (event.key !== "Tab") return;
    // Focus stays in the open dialog: Tab from the last control goes to the first and back.
    const focusable = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && root.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && root.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  });

  /** What the visitor can do about a message the server refused: the reason, Retry and Delete (keyboard reachable, named for the message). */
  function unsentActions(message: OutgoingMessage): HTMLElement {
    const excerpt = message.text.slice(0, 30);
    const act = (run: (clientMessageId: string) => void) => () => {
      run(message.clientMessageId);
      // The buttons go away with the click: the message box takes the focus.
      input.focus();
    };
    return h(
      "div",
      { class: "unsent" },
      h("b", {}, "Not sent. "),
      message.failure || "",
      h("br"),
      h("button", { type: "button", "aria-label": `Retry sending: ${excerpt}`, onclick: act((id) => session.retry(id)) }, "Retry"),
      h("button", { type: "button", "aria-label": `Delete unsent message: ${excerpt}`, onclick: act((id) => session.discard(id)) }, "Delete"),
    );
  }

  function renderLog(view: ChatSessionView) {
    const items: LogItem[] = [
      ...view.messages.map((m) => ({ key: m.clientMessageId ? `c${m.clientMessageId}` : `s${m.seq}`, role: m.role, text: m.text, sources: m.sources })),
      ...view.unsent.map((m) => ({ key: `c${m.clientMessageId}`, role: "VISITOR" as const, text: m.text, unsent: m })),
      ...view.pending.map((m) => ({ key: `c${m.clientMessageId}`, role: "VISITOR" as const, text: m.text, isSending: true })),
      ...view.drafts.map((d) => ({ key: `d${d.nodeId}`, role: "BOT" as const, text: d.text, isDraft: true })),
    ];
    const keep = new Set(items.map((i) => i.key));
    for (const [key, el] of rendered) {
      if (!keep.has(key)) {
        el.remove();
        rendered.delete(key);
      }
    }
    let previous: Element | null = log.querySelector(".intro");
    for (const item of items) {
      let el = rendered.get(item.key);
      if (!el) {
        const label = item.role === "VISITOR" ? "You: " : item.role === "BOT" ? `${theme.title}: ` : "";
        el = h("div", {}, item.role === "AGENT" ? h("span", { class: "who" }, "Agent") : h("span", { class: "sr" }, label), h("span"));
        // A stored message never changes, so its sources are drawn once, with it.
        if (item.sources?.length) {
          el.append(h("div", { class: "src" }, "Sources", ...item.sources.map((s) => (/^https?:\/\//i.test(s) ? h("a", { href: s, target: "_blank", rel: "noopener noreferrer" }, s) : h("span", {}, s)))));
        }
        rendered.set(item.key, el);
      }
      el.className = `msg ${item.role}${item.isSending ? " sending" : ""}${item.unsent ? " failed" : ""}`;
      // A streaming draft is read once complete, as the stored message, not token by token.
      if (item.isDraft) el.setAttribute("aria-hidden", "true");
      else el.removeAttribute("aria-hidden");
      // Children: label (or "Agent"), text, and for an unsent message its actions.
      const [, textNode] = el.children;
      const actions = el.querySelector(".unsent");
      if (textNode && textNode.textContent !== item.text) textNode.textContent = item.text;
      if (item.unsent && !actions) el.append(unsentActions(item.unsent));
      if (!item.unsent) actions?.remove();
      if (previous ? previous.nextElementSibling !== el : log.firstElementChild !== el) {
        if (previous) previous.after(el);
        else log.prepend(el);
      }
      previous = el;
    }
  }

  function render(view: ChatSessionView) {
    const wasAtBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    renderLog(view);
    if (wasAtBottom) log.scrollTop = log.scrollHeight;
    typing.hidden = !((view.pending.length > 0 || view.isTyping) && view.drafts.length === 0);
    note.textContent =
      view.phase === "starting"
        ? "Connecting…"
        : view.connection === "reconnecting"
          ? "Connection lost. Reconnecting…"
          : view.status === "WAITING_AGENT"
            ? "Waiting for a person from our team to join…"
            : view.status === "AGENT"
              ? "You're chatting with a person from our team."
              : "";
    const errorText = view.error || "";
    if (alert.textContent !== errorText) alert.textContent = errorText;
    const last = view.messages[view.messages.length - 1];
    const replies = last && last.role !== "VISITOR" && view.pending.length === 0 && view.status !== "CLOSED" ? last.quickReplies : [];
    if (quick.dataset["for"] !== `${last?.seq}:${replies.length}`) {
      quick.dataset["for"] = `${last?.seq}:${replies.length}`;
      quick.replaceChildren(...replies.map((reply) => h("button", { type: "button", onclick: () => session.send(reply) }, reply)));
    }
    const isClosed = view.status === "CLOSED";
    end.hidden = !isClosed;
    if (isClosed && end.dataset["rated"] !== String(view.hasRated)) {
      end.dataset["rated"] = String(view.hasRated);
      end.replaceChildren(
        h("p", {}, view.hasRated ? "Thanks for your rating!" : "This conversation has ended. How did we do?"),
        ...(view.hasRated ? [] : [1, 2, 3, 4, 5].map((n) => h("button", { type: "button", "aria-label": `Rate ${n} out of 5`, onclick: () => void session.rate(n) }, `${"★".repeat(n)}`))),
        h("button", { type: "button", onclick: () => void session.startOver() }, "Start a new conversation"),
      );
    }
    const canType = view.phase === "ready" && !isClosed;
    input.disabled = !canType;
    sendButton.disabled = !canType;
    // Opening moves focus into the dialog; to the message box as soon as it can take input.
    if (shouldFocusInput && isOpen && canType) {
      shouldFocusInput = false;
      input.focus();
    }
  }

  session.onChange(render);
  session.onMessage((message) => {
    if (!isOpen && message.role !== "VISITOR") {
      unread += 1;
      badge.textContent = String(unread);
      badge.hidden = false;
      launcher.setAttribute("aria-label", `Open chat: ${theme.title} (${unread} new)`);
    }
  });
  render(session.view());

  function open() {
    if (isOpen) return;
    isOpen = true;
    unread = 0;
    badge.hidden = true;
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.setAttribute("aria-label", "Close chat");
    options.onOpenChange(true);
    shouldFocusInput = true;
    closeButton.focus();
    render(session.view());
    void session.start();
    log.scrollTop = log.scrollHeight;
  }
  function close() {
    if (!isOpen) return;
    isOpen = false;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", `Open chat: ${theme.title}`);
    options.onOpenChange(false);
    launcher.focus();
  }
  if (options.isOpen) {
    isOpen = false;
    open();
  }
  return { open, close };
}
