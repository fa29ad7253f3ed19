import { describe, expect, test } from "vitest";
import { businessHoursSchema, type BusinessHours } from "./businessHours.ts";
import { isWithinBusinessHours } from "./isWithinBusinessHours.ts";

const weekdays9to5 = [{ from: "09:00", to: "17:00" }];

function hours(input: unknown): BusinessHours {
  return businessHoursSchema.parse(input);
}

const berlinOffice = hours({ timezone: "Europe/Berlin", days: { mon: weekdays9to5, tue: weekdays9to5, wed: weekdays9to5, thu: weekdays9to5, fri: weekdays9to5 } });

const at = (iso: string): Date => new Date(iso);

describe("isWithinBusinessHours", () => {
  test("opens at the opening minute and closes at the closing minute, on Berlin's clocks", () => {
    // 2024-06-03 is a Monday; Berlin is UTC+2 in summer.
    expect(isWithinBusinessHours(berlinOffice, at("2024-06-03T06:59:59Z"))).toBe(false);
    expect(isWithinBusinessHours(berlinOffice, at("2024-06-03T07:00:00Z"))).toBe(true);
    expect(isWithinBusinessHours(berlinOffice, at("2024-06-03T14:59:59Z"))).toBe(true);
    expect(isWithinBusinessHours(berlinOffice, at("2024-06-03T15:00:00Z"))).toBe(false);
  });

  test("days without ranges, and days left out, are closed", () => {
    // Saturday 2024-06-08 at noon in Berlin.
    expect(isWithinBusinessHours(berlinOffice, at("2024-06-08T10:00:00Z"))).toBe(false);
    const noDays = hours({ timezone: "Europe/Berlin", days: { mon: [] } });
    expect(isWithinBusinessHours(noDays, at("2024-06-03T10:00:00Z"))).toBe(false);
  });

  test("the weekday is the shop's, not UTC's", () => {
    // Monday 2024-06-03 23:30 UTC is already Tuesday 08:30 in Tokyo (UTC+9, no DST).
    const tokyo = hours({ timezone: "Asia/Tokyo", days: { tue: [{ from: "08:00", to: "12:00" }] } });
    expect(isWithinBusinessHours(tokyo, at("2024-06-03T23:30:00Z"))).toBe(true);
    expect(isWithinBusinessHours(tokyo, at("2024-06-03T22:30:00Z"))).toBe(false); // Tuesday 07:30
    // And behind UTC: Tuesday 02:00 UTC is Monday 22:00 in New York (UTC-4 in summer).
    const newYork = hours({ timezone: "America/New_York", days: { mon: [{ from: "21:00", to: "23:00" }] } });
    expect(isWithinBusinessHours(newYork, at("2024-06-04T02:00:00Z"))).toBe(true);
  });

  test("follows daylight saving time: the same UTC instant is inside in summer time, outside in winter time", () => {
    // Berlin switches to summer time on Sunday 2024-03-31. 07:30 UTC is 08:30 on the Monday before, 09:30 on the Monday after.
    expect(isWithinBusinessHours(berlinOffice, at("2024-03-25T07:30:00Z"))).toBe(false);
    expect(isWithinBusinessHours(berlinOffice, at("2024-04-01T07:30:00Z"))).toBe(true);
    // New York switched on 2024-03-10; Berlin only three weeks later, so the gap between them is an hour short meanwhile.
    const newYork = hours({ timezone: "America/New_York", days: { mon: weekdays9to5 } });
    expect(isWithinBusinessHours(newYork, at("2024-03-11T13:30:00Z"))).toBe(true); // 09:30 EDT
    expect(isWithinBusinessHours(newYork, at("2024-03-04T13:30:00Z"))).toBe(false); // 08:30 EST
  });

  test("the night the clocks jump: a range inside the missing hour is never open, one around it is", () => {
    // 2024-03-31 in Berlin: 02:00 CET becomes 03:00 CEST, so 02:00–03:00 never happens.
    const sunday = (range: { from: string; to: string }) => hours({ timezone: "Europe/Berlin", days: { sun: [range] } });
    const missing = sunday({ from: "02:00", to: "03:00" });
    for (const instant of ["2024-03-31T00:59:00Z", "2024-03-31T01:00:00Z", "2024-03-31T01:30:00Z"]) {
      expect(isWithinBusinessHours(missing, at(instant)), instant).toBe(false);
    }
    const around = sunday({ from: "01:00", to: "04:00" });
    expect(isWithinBusinessHours(around, at("2024-03-31T00:59:00Z"))).toBe(true); // 01:59 CET
    expect(isWithinBusinessHours(around, at("2024-03-31T01:00:00Z"))).toBe(true); // 03:00 CEST
    expect(isWithinBusinessHours(around, at("2024-03-31T02:00:00Z"))).toBe(false); // 04:00 CEST
    // 2024-10-27: 03:00 CEST falls back to 02:00 CET, so 02:15 happens twice and is open both times.
    const twice = hours({ timezone: "Europe/Berlin", days: { sun: [{ from: "02:00", to: "02:30" }] } });
    expect(isWithinBusinessHours(twice, at("2024-10-27T00:15:00Z"))).toBe(true); // 02:15 CEST
    expect(isWithinBusinessHours(twice, at("2024-10-27T01:15:00Z"))).toBe(true); // 02:15 CET
    expect(isWithinBusinessHours(twice, at("2024-10-27T01:45:00Z"))).toBe(false); // 02:45 CET
  });

  test("a range whose closing time is earlier runs past midnight into the next day", () => {
    const bar = hours({ timezone: "UTC", days: { fri: [{ from: "22:00", to: "02:00" }] } });
    expect(isWithinBusinessHours(bar, at("2024-06-07T21:59:00Z"))).toBe(false); // Friday 21:59
    expect(isWithinBusinessHours(bar, at("2024-06-07T22:00:00Z"))).toBe(true); // Friday 22:00
    expect(isWithinBusinessHours(bar, at("2024-06-07T23:59:00Z"))).toBe(true);
    expect(isWithinBusinessHours(bar, at("2024-06-08T01:59:00Z"))).toBe(true); // Saturday 01:59
    expect(isWithinBusinessHours(bar, at("2024-06-08T02:00:00Z"))).toBe(false); // Saturday 02:00
    // The small hours of Friday belong to Thursday's range, which is not there.
    expect(isWithinBusinessHours(bar, at("2024-06-07T01:00:00Z"))).toBe(false);
    // Sunday night runs into Monday: the week wraps.
    const weekend = hours({ timezone: "UTC", days: { sun: [{ from: "20:00", to: "01:00" }] } });
    expect(isWithinBusinessHours(weekend, at("2024-06-10T00:30:00Z"))).toBe(true); // Monday 00:30
  });

  test("a closing time of 00:00 (or 24:00) means midnight at the end of the day; 00:00 to 00:00 is all day", () => {
    const evening = hours({ timezone: "UTC", days: { mon: [{ from: "18:00", to: "00:00" }] } });
    expect(isWithinBusinessHours(evening, at("2024-06-03T23:59:00Z"))).toBe(true);
    expect(isWithinBusinessHours(evening, at("2024-06-04T00:00:00Z"))).toBe(false); // Tuesday
    const late = hours({ timezone: "UTC", days: { mon: [{ from: "18:00", to: "24:00" }] } });
    expect(isWithinBusinessHours(late, at("2024-06-03T23:59:00Z"))).toBe(true);
    const allDay = hours({ timezone: "UTC", days: { mon: [{ from: "00:00", to: "00:00" }] } });
    expect(isWithinBusinessHours(allDay, at("2024-06-03T00:00:00Z"))).toBe(true);
    expect(isWithinBusinessHours(allDay, at("2024-06-03T23:59:59Z"))).toBe(true);
    expect(isWithinBusinessHours(allDay, at("2024-06-04T00:00:00Z"))).toBe(false);
  });

  test("several ranges a day (a lunch break)", () => {
    const split = hours({ timezone: "UTC", days: { wed: [{ from: "09:00", to: "12:00" }, { from: "13:00", to: "17:00" }] } });
    expect(isWithinBusinessHours(split, at("2024-06-05T11:59:00Z"))).toBe(true);
    expect(isWithinBusinessHours(split, at("2024-06-05T12:30:00Z"))).toBe(false);
    expect(isWithinBusinessHours(split, at("2024-06-05T13:00:00Z"))).toBe(true);
  });
});

describe("businessHoursSchema", () => {
  test("refuses time zones Intl does not know, with the value in the message", () => {
    const result = businessHoursSchema.safeParse({ timezone: "Mars/Olympus_Mons", days: {} });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["timezone"], message: expect.stringContaining("“Mars/Olympus_Mons” is not a time zone") });
    expect(businessHoursSchema.safeParse({ timezone: "", days: {} }).success).toBe(false);
    expect(businessHoursSchema.safeParse({ timezone: "Europe/Berlin ", days: {} }).success).toBe(false);
    expect(businessHoursSchema.safeParse({ timezone: "America/Argentina/Buenos_Aires", days: {} }).success).toBe(true);
  });

  test.each([
    [{ from: "9:00", to: "17:00" }, "from", /opening time as HH:MM/],
    [{ from: "09:00", to: "5pm" }, "to", /closing time as HH:MM/],
    [{ from: "24:00", to: "02:00" }, "from", /opening time/],
    [{ from: "09:60", to: "17:00" }, "from", /opening time/],
    [{ from: "09:00", to: "09:00" }, "to", /opens and closes at the same time/],
    [{ from: "00:00", to: "24:00" }, null, null],
    [{ from: "22:00", to: "02:00" }, null, null],
  ])("range %j", (range, field, message) => {
    const result = businessHoursSchema.safeParse({ timezone: "UTC", days: { tue: [range] } });
    if (field === null) {
      expect(result.success).toBe(true);
      return;
    }
    expect(result.error?.issues[0]?.path).toEqual(["days", "tue", 0, field]);
    expect(result.error?.issues[0]?.message).toMatch(message ?? /./);
  });
});
