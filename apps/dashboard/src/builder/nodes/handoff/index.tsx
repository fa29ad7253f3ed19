import { WEEKDAYS, type BusinessHours, type OpeningRange, type Weekday } from "@chatwright/flow";
import { CheckboxInput, SelectInput, TemplateInput } from "../../fields";
import { defineNodeUi, truncate, type SettingsProps } from "../types";
import { createDefaultBusinessHours, listTimeZones, readBrowserTimeZone, WEEKDAY_NAMES } from "./businessHours";

function HandoffSettings({ data, onChange, context }: SettingsProps<"handoff">) {
  const hours = data.businessHours;
  return (
    <>
      <TemplateInput label="Handoff message" hint="What the visitor sees while waiting for a person." value={data.waitingMessage} variables={context.variables} onChange={(waitingMessage) => onChange({ ...data, waitingMessage })} />
      <TemplateInput
        label="Message when nobody is online"
        hint="Sent when no agent is online or it is outside business hours. Connect the “offline” output to let the bot carry on (for example, ask for an email); leave it unconnected to wait for a person anyway."
        value={data.offlineMessage ?? ""}
        variables={context.variables}
        onChange={(offlineMessage) => onChange({ ...data, offlineMessage: offlineMessage === "" ? undefined : offlineMessage })}
      />
      <CheckboxInput
        label="Only hand over during business hours"
        hint="Outside these hours the handoff counts as offline, even if an agent is online."
        checked={hours !== undefined}
        onChange={(isOn) => onChange({ ...data, businessHours: isOn ? createDefaultBusinessHours(readBrowserTimeZone()) : undefined })}
      />
      {hours ? <BusinessHoursEditor hours={hours} onChange={(businessHours) => onChange({ ...data, businessHours })} /> : null}
    </>
  );
}

function BusinessHoursEditor({ hours, onChange }: { hours: BusinessHours; onChange(hours: BusinessHours): void }) {
  const setDay = (day: Weekday, ranges: OpeningRange[]) => onChange({ ...hours, days: { ...hours.days, [day]: ranges } });
  return (
    <fieldset className="business-hours">
      <legend>Business hours</legend>
      <SelectInput
        label="Time zone"
        value={hours.timezone}
        options={listTimeZones(hours.timezone).map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }))}
        onChange={(timezone) => onChange({ ...hours, timezone })}
      />
      <p className="hint">A closing time earlier than the opening time runs past midnight (22:00 to 02:00). 00:00 as closing time means midnight.</p>
      {WEEKDAYS.map((day) => {
        const ranges = hours.days[day] ?? [];
        const name = WEEKDAY_NAMES[day];
        return (
          <fieldset key={day} className="business-day">
            <legend>{name}</legend>
            {ranges.length === 0 ? <p className="hint">Closed</p> : null}
            <ol className="rule-list">
              {ranges.map((range, index) => {
                const which = ranges.length > 1 ? ` (hours ${index + 1})` : "";
                const setRange = (next: OpeningRange) => setDay(day, ranges.map((other, i) => (i === index ? next : other)));
                return (
                  <li key={index} className="rule business-range">
                    <label>
                      <span>
                        Opens<span className="visually-hidden"> on {name}{which}</span>
                      </span>
                      <input type="time" value={range.from} onChange={(event) => setRange({ ...range, from: event.target.value })} />
                    </label>
                    <label>
                      <span>
                        Closes<span className="visually-hidden"> on {name}{which}</span>
                      </span>
                      <input type="time" value={range.to === "24:00" ? "00:00" : range.to} onChange={(event) => setRange({ ...range, to: event.target.value })} />
                    </label>
                    <button type="button" className="secondary small" onClick={() => setDay(day, ranges.filter((_, i) => i !== index))}>
                      Remove {name} {range.from}–{range.to}
                    </button>
                  </li>
                );
              })}
            </ol>
            <button type="button" className="secondary small" disabled={ranges.length >= 6} onClick={() => setDay(day, [...ranges, nextRange(ranges)])}>
              Add hours on {name}
            </button>
          </fieldset>
        );
      })}
    </fieldset>
  );
}

/** The first range of a day is office hours; a further one is an evening shift (edit either). */
function nextRange(ranges: readonly OpeningRange[]): OpeningRange {
  return ranges.length === 0 ? { from: "09:00", to: "17:00" } : { from: "18:00", to: "22:00" };
}

export const handoffUi = defineNodeUi<"handoff">({
  icon: "☎",
  description: "Passes the conversation to a person on your team.",
  summarize: (data) => `${truncate(data.waitingMessage, data.businessHours ? 60 : 80)}${data.businessHours ? ` · hours in ${data.businessHours.timezone}` : ""}`,
  Settings: HandoffSettings,
});
