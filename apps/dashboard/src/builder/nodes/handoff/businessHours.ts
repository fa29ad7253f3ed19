import { isTimeZone, WEEKDAYS, type BusinessHours, type Weekday } from "@chatwright/flow";

export const WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

/** The time zone this browser runs in; UTC when it cannot say (or says something the flow would refuse). */
export function readBrowserTimeZone(): string {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : "UTC";
}

let knownZones: readonly string[] | undefined;

/** Every IANA zone the browser knows, sorted, with UTC and `current` (an imported flow's zone) always present. */
export function listTimeZones(current: string): string[] {
  knownZones ??= typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const zones = new Set(knownZones);
  zones.add("UTC");
  if (current !== "") zones.add(current);
  return [...zones].sort((a, b) => a.localeCompare(b));
}

/** What switching business hours on starts from: weekdays 09:00–17:00 in `timeZone`, weekends closed. */
export function createDefaultBusinessHours(timeZone: string): BusinessHours {
  const days: BusinessHours["days"] = {};
  for (const day of WEEKDAYS) days[day] = day === "sat" || day === "sun" ? [] : [{ from: "09:00", to: "17:00" }];
  return { timezone: timeZone, days };
}
