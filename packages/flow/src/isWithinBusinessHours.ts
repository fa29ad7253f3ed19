import { closingMinutes, openingMinutes, WEEKDAYS, type BusinessHours, type Weekday } from "./businessHours.ts";

const WEEKDAY_OF: Readonly<Record<string, Weekday>> = { Mon: "mon", Tue: "tue", Wed: "wed", Thu: "thu", Fri: "fri", Sat: "sat", Sun: "sun" };

// Building a formatter costs far more than using one; a shop has one time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The weekday and minutes after midnight on the wall clocks of `timeZone` at `date`. */
function wallClock(timeZone: string, date: Date): { weekday: Weekday; minutes: number } {
  let weekday: Weekday | undefined;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(date)) {
    if (part.type === "weekday") weekday = WEEKDAY_OF[part.value];
    else if (part.type === "hour") hour = Number(part.value) % 24;
    else if (part.type === "minute") minute = Number(part.value);
  }
  if (!weekday) throw new Error(`Could not read the weekday in ${timeZone}.`);
  return { weekday, minutes: hour * 60 + minute };
}

function previousDay(day: Weekday): Weekday {
  const index = WEEKDAYS.indexOf(day);
  return WEEKDAYS[(index + WEEKDAYS.length - 1) % WEEKDAYS.length] ?? day;
}

/**
 * Whether `date` falls within the business hours, read on the wall clocks of
 * their time zone (so daylight saving time moves with the shop). Ranges are
 * [from, to): open at 09:00, closed at 17:00 sharp. A range whose closing
 * time is earlier than its opening time runs past midnight into the next
 * day. `hours` must have passed `businessHoursSchema`.
 */
export function isWithinBusinessHours(hours: BusinessHours, date: Date): boolean {
  const { weekday, minutes } = wallClock(hours.timezone, date);
  for (const range of hours.days[weekday] ?? []) {
    const from = openingMinutes(range.from);
    const to = closingMinutes(range.to);
    if (from < to ? minutes >= from && minutes < to : minutes >= from) return true;
  }
  // Yesterday's overnight ranges reach into the small hours of today.
  for (const range of hours.days[previousDay(weekday)] ?? []) {
    const from = openingMinutes(range.from);
    const to = closingMinutes(range.to);
    if (from > to && minutes < to) return true;
  }
  return false;
}
