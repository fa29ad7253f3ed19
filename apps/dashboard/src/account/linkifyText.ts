/** Splits plain text into text and http(s) links, so an email's links can be clicked. Pure. */
export function linkifyText(text: string): ({ kind: "text"; text: string } | { kind: "link"; url: string })[] {
  const parts: ({ kind: "text"; text: string } | { kind: "link"; url: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    // A sentence's full stop or closing bracket is not part of the link.
    const url = match[0].replace(/[.,;:!?)\]]+$/, "");
    if (match.index > last) parts.push({ kind: "text", text: text.slice(last, match.index) });
    parts.push({ kind: "link", url });
    last = match.index + url.length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}
