import type { MailMessage } from "../Mailer";

export interface EmailParts {
  to: string;
  subject: string;
  /** "Hi Olga," — or null for a greeting-less notice. */
  greeting: string | null;
  paragraphs: string[];
  /** The one thing to do, as a button in HTML and a bare link in text. */
  action?: { label: string; url: string };
  /** Said after the action, e.g. why you got this email. */
  after?: string[];
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Every email's layout: the same words as plain text and as simple HTML. */
export function composeEmail(parts: EmailParts): MailMessage {
  const after = parts.after ?? [];
  const text = [
    ...(parts.greeting ? [parts.greeting] : []),
    ...parts.paragraphs,
    ...(parts.action ? [`${parts.action.label}: ${parts.action.url}`] : []),
    ...after,
    "— Chatwright",
  ].join("\n\n");
  const paragraph = (line: string) => `<p style="margin:0 0 16px">${escapeHtml(line)}</p>`;
  const html = [
    `<div style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:15px;line-height:1.5;color:#1f2937;max-width:560px">`,
    ...(parts.greeting ? [paragraph(parts.greeting)] : []),
    ...parts.paragraphs.map(paragraph),
    ...(parts.action
      ? [
          `<p style="margin:24px 0"><a href="${escapeHtml(parts.action.url)}" style="background:#4f46e5;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(parts.action.label)}</a></p>`,
          `<p style="margin:0 0 16px;font-size:13px;color:#6b7280">Or open this link: ${escapeHtml(parts.action.url)}</p>`,
        ]
      : []),
    ...after.map(paragraph),
    `<p style="margin:0;color:#6b7280">— Chatwright</p>`,
    `</div>`,
  ].join("\n");
  return { to: parts.to, subject: parts.subject, text, html };
}

/** "2026-12-06 07:30 UTC": the same in every reader's mail client, whatever its time zone. */
export function formatUtc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
