import { describe, expect, it } from "vitest";
import { businessHoursSchema } from "@chatwright/flow";
import { createDefaultBusinessHours, listTimeZones, readBrowserTimeZone } from "./businessHours";

describe("handoff business hours (dashboard helpers)", () => {
  it("starts from weekdays 09:00–17:00 in the given zone, weekends closed, which the flow accepts", () => {
    const hours = createDefaultBusinessHours("Europe/Berlin");
    expect(hours.days.mon).toEqual([{ from: "09:00", to: "17:00" }]);
    expect(hours.days.sat).toEqual([]);
    expect(businessHoursSchema.parse(hours)).toEqual(hours);
  });

  it("prefills the browser's own zone, one the flow accepts", () => {
    expect(() => businessHoursSchema.parse(createDefaultBusinessHours(readBrowserTimeZone()))).not.toThrow();
  });

  it("lists the zones the browser knows, sorted, with UTC and an unlisted current zone kept selectable", () => {
    const zones = listTimeZones("Etc/GMT+5");
    expect(zones).toContain("Europe/Berlin");
    expect(zones).toContain("UTC");
    expect(zones).toContain("Etc/GMT+5");
    expect(zones).toEqual([...zones].sort((a, b) => a.localeCompare(b)));
  });
});
