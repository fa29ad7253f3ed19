import { createChatSession, type VisitorDetails } from "./core/session";
import type { KeyValueStore } from "./core/outbox";
import type { ChatMessage } from "./core/types";
import { createTransport } from "./transport";
import { mountWidget, type MountedWidget } from "./ui";

/**
 * Entry: <script src="https://HOST/widget.js" data-bot="PUBLIC_KEY" async>.
 * Exposes window.Chatwright = { open, close, identify, on }.
 */
function storeOf(storage: () => Storage): KeyValueStore {
  // Storage can be blocked (privacy settings, sandboxed frames): fall back to memory for this page view.
  const memory = new Map<string, string>();
  const safe = <T>(run: (s: Storage) => T, fallback: () => T): T => {
    try {
      return run(storage());
    } catch {
      return fallback();
    }
  };
  return {
    get: (key) => safe((s) => s.getItem(key), () => memory.get(key) ?? null),
    set: (key, value) => safe((s) => s.setItem(key, value), () => void memory.set(key, value)),
    remove: (key) => safe((s) => s.removeItem(key), () => void memory.delete(key)),
  };
}

function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function boot(script: HTMLScriptElement) {
  const botKey = script.dataset["bot"] ?? "";
  const base = new URL(script.src).origin;
  const { transport, config: loadConfig } = createTransport(base, botKey);
  const local = storeOf(() => localStorage);
  const tab = storeOf(() => sessionStorage);
  const storageKey = `cw:${botKey}`;
  const session = createChatSession({
    transport,
    store: local,
    storageKey,
    setTimer: (run, ms) => {
      const id = setTimeout(run, ms);
      return () => clearTimeout(id);
    },
    random: Math.random,
    newId: randomId,
  });
  const listeners = new Set<(message: ChatMessage) => void>();
  session.onMessage((message) => listeners.forEach((listener) => listener(message)));
  let mounted: MountedWidget | null = null;
  const api = {
    open: () => mounted?.open(),
    close: () => mounted?.close(),
    identify: (details: VisitorDetails) => session.identify(details),
    on(event: "message", listener: (message: ChatMessage) => void) {
      if (event === "message") listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  Object.assign(window, { Chatwright: api });

  let config;
  try {
    config = await loadConfig();
  } catch (error) {
    console.warn(`Chatwright: the chat widget is off on this page. ${error instanceof Error ? error.message : ""}`);
    return;
  }
  const openKey = `${storageKey}:open`;
  mounted = mountWidget({ config, session, isOpen: tab.get(openKey) === "1", onOpenChange: (isOpen) => (isOpen ? tab.set(openKey, "1") : tab.remove(openKey)) });
  // A visitor with a conversation gets agent replies (and the unread badge) without opening the panel.
  if (local.get(`${storageKey}:conversation`)) void session.start();
  window.dispatchEvent(new CustomEvent("chatwright:ready"));
}

const current = document.currentScript;
const script = current instanceof HTMLScriptElement && current.dataset["bot"] ? current : document.querySelector<HTMLScriptElement>("script[data-bot][src*='widget']");
if (script) {
  const start = () => void boot(script);
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
}
