import { z } from "zod";

/** Weekdays in the order a shop owner reads a week. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** 00:00 … 23:59, 24-hour. */
const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/** A closing time of 00:00 or 24:00 is midnight at the end of the day. */
const END_OF_DAY = 24 * 60;

/** Whether the runtime (and the browser) can compute wall-clock time in this IANA zone. */
export function isTimeZone(value: string): boolean {
  if (value.trim() === "" || value !== value.trim()) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Minutes after midnight of an opening time ("09:30" -> 570). */
export function openingMinutes(from: string): number {
  return Number(from.slice(0, 2)) * 60 + Number(from.slice(3, 5));
}

/** Minutes after midnight of a closing time; 00:00 and 24:00 close at the end of the day (1440). */
export function closingMinutes(to: string): number {
  const minutes = to === "24:00" ? END_OF_DAY : openingMinutes(to);
  return minutes === 0 ? END_OF_DAY : minutes;
}

/**
 * One opening range on one day. A closing time earlier than the opening
 * time runs past midnight: 22:00–02:00 on Friday covers Friday 22:00 to
 * Saturday 02:00. A closing time of 00:00 means "until midnight".
 */
export const openingRangeSchema = z
  .object({
    from: z.string().regex(TIME_OF_DAY, "write the opening time as HH:MM, 24-hour (for example 09:00)"),
    to: z.string().refine((to) => to === "24:00" || TIME_OF_DAY.test(to), "write the closing time as HH:MM, 24-hour (for example 17:30)"),
  })
  .superRefine((range, ctx) => {
    if (!TIME_OF_DAY.test(range.from) || !(range.to === "24:00" || TIME_OF_DAY.test(range.to))) return;
    if (openingMinutes(range.from) === closingMinutes(range.to)) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `${range.from} to ${range.to} opens and closes at the same time; for the whole day use 00:00 to 00:00`,
      });
    }
  });
export type OpeningRange = z.infer<typeof openingRangeSchema>;

const daySchema = z.array(openingRangeSchema).max(6, "at most 6 opening ranges per day").optional();

/**
 * When people answer handoffs, in one time zone. A day that is missing or
 * has no ranges is closed. No business hours at all: always open.
 */
export const businessHoursSchema = z.object({
  timezone: z.string().refine(isTimeZone, { error: (issue) => `“${String(issue.input)}” is not a time zone; choose one from the list, such as Europe/Berlin` }),
  days: z.object({ mon: daySchema, tue: daySchema, wed: daySchema, thu: daySchema, fri: daySchema, sat: daySchema, sun: daySchema }),
});
export type BusinessHours = z.infer<typeof businessHoursSchema>;
