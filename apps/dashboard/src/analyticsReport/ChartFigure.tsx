import { describeSeries, shortDay } from "../analytics";
import { TimeChart, type ChartSeries } from "./TimeChart";

/**
 * A chart with its title, legend, a sentence per line for screen readers,
 * and the same numbers as a table one click away.
 */
export function ChartFigure({
  title,
  note,
  days,
  series,
  kind,
  style = "lines",
  describeDay,
}: {
  title: string;
  note?: string;
  days: readonly string[];
  series: readonly ChartSeries[];
  kind: "count" | "percent";
  style?: "lines" | "stackedBars";
  describeDay?: (index: number) => string | null;
}) {
  const show = (value: number | null | undefined) => (value === null || value === undefined ? "—" : kind === "percent" ? `${Math.round(value * 100)}%` : value.toLocaleString("en-US"));
  return (
    <figure className="panel chart-figure">
      <figcaption>
        <h3>{title}</h3>
        {note ? <p className="muted">{note}</p> : null}
      </figcaption>
      {series.length > 1 ? (
        <ul className="chart-legend" aria-hidden="true">
          {series.map((line) => (
            <li key={line.label}>
              <span className="chart-swatch" style={{ background: line.color }} />
              {line.label}
            </li>
          ))}
        </ul>
      ) : null}
      <div role="img" aria-label={series.map((line) => describeSeries(line.label, days, line.values, kind)).join(" ")}>
        <TimeChart days={days} series={series} kind={kind} style={style} {...(describeDay ? { describeDay } : {})} />
      </div>
      <details className="chart-numbers">
        <summary>Show the numbers</summary>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                {series.map((line) => (
                  <th key={line.label} scope="col">
                    {line.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((day, index) => (
                <tr key={day}>
                  <th scope="row">{shortDay(day)}</th>
                  {series.map((line) => (
                    <td key={line.label}>{show(line.values[index])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
