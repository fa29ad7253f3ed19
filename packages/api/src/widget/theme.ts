import { z } from "zod";
import { storableText } from "../schemas";

/** What the owner styles on the Install page; stored in Bot.theme. */
export const widgetThemeSchema = z.object({
  primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: "Use a colour like #2563eb." }),
  position: z.enum(["left", "right"]),
  title: storableText("The title").trim().min(1, { error: "Enter a title for the chat window." }).max(60, { error: "Titles are limited to 60 characters." }),
  greeting: storableText("The greeting").trim().max(300, { error: "The greeting is limited to 300 characters." }),
  avatarUrl: storableText("The avatar address")
    .trim()
    .max(500)
    .refine((value) => value === "" || /^https:\/\/[^\s"'<>]+$/.test(value), { error: "The avatar must be an https:// image address." })
    .nullable(),
});

export type WidgetTheme = z.infer<typeof widgetThemeSchema>;

export const DEFAULT_WIDGET_THEME: WidgetTheme = { primaryColor: "#2563eb", position: "right", title: "Chat with us", greeting: "", avatarUrl: null };

/** A stored theme with a broken or missing field falls back to the default for that field only. */
export function readWidgetTheme(stored: unknown): WidgetTheme {
  const value = typeof stored === "object" && stored !== null ? (stored as Record<string, unknown>) : {};
  const theme = { ...DEFAULT_WIDGET_THEME };
  for (const key of Object.keys(DEFAULT_WIDGET_THEME) as (keyof WidgetTheme)[]) {
    const parsed = widgetThemeSchema.shape[key].safeParse(value[key]);
    if (parsed.success) Object.assign(theme, { [key]: parsed.data === "" && key === "avatarUrl" ? null : parsed.data });
  }
  return theme;
}
