import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { shortDay } from "../analytics";

export interface ChartSeries {
  label: string;
  /** one value per day; null: no value that day (a gap in the line) */
  values: readonly (number | null)[];
  /** a colour the canvas understands (#rrggbb) */
  color: string;
  /** fill the area under the line */
  isArea?: boolean;
}

const AXIS_COLOR = "#5a6676";
const GRID_COLOR = "#e6e9ee";
const AXIS_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const COUNT_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1_000, 2_000, 2_500, 5_000, 10_000, 20_000, 50_000, 100_000];

const format = (value: number, kind: "count" | "percent") => (kind === "percent" ? `${Math.round(value * 100)}%` : value.toLocaleString("en-US"));

/** Running totals, bottom part first: what stacked bars draw (each bar covers the ones below it). */
export function stackValues(series: readonly ChartSeries[]): (number | null)[][] {
  const totals: number[] = [];
  return series.map((part) =>
    part.values.map((value, index) => {
      totals[index] = (totals[index] ?? 0) + (value ?? 0);
      return totals[index] ?? 0;
    }),
  );
}

/**
 * Values per UTC day (uPlot on a canvas): lines, or bars stacked bottom
 * part first. The canvas is a picture: the parent gives it a text
 * alternative and the numbers as a table. The x axis is the day's index,
 * so days stay UTC days whatever the viewer's time zone.
 */
export function TimeChart({
  days,
  series,
  kind,
  style = "lines",
  describeDay,
  height = 220,
}: {
  days: readonly string[];
  series: readonly ChartSeries[];
  kind: "count" | "percent";
  style?: "lines" | "stackedBars";
  /** an extra line for the day under the cursor */
  describeDay?: (index: number) => string | null;
  height?: number;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<{ index: number; left: number } | null>(null);

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const hasFewDays = days.length <= 31;
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      legend: { show: false },
      // Lines end on the last day's tick: room on the right for its label.
      padding: [12, style === "lines" ? 24 : 12, 0, 0],
      cursor: { y: false, drag: { x: false, y: false, setScale: false }, points: { show: style === "lines", size: 9, width: 2 } },
      scales: {
        x: { time: false, range: () => (style === "stackedBars" ? [-0.5, days.length - 0.5] : [0, Math.max(1, days.length - 1)]) },
        // Headroom above the highest day, and whole numbers: a handful of conversations stays readable.
        y: { range: kind === "percent" ? () => [0, 1] : (_chart, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1 + 0.01))] },
      },
      axes: [
        {
          stroke: AXIS_COLOR,
          font: AXIS_FONT,
          grid: { show: false },
          ticks: { show: true, stroke: GRID_COLOR, size: 4 },
          space: 64,
          incrs: [1, 2, 7, 14, 28],
          values: (_chart, splits) => splits.map((index) => (Number.isInteger(index) ? shortDay(days[index] ?? "") : "")),
        },
        {
          stroke: AXIS_COLOR,
          font: AXIS_FONT,
          size: 52,
          grid: { stroke: GRID_COLOR, width: 1 },
          ticks: { show: false },
          space: 32,
          incrs: kind === "percent" ? [0.25, 0.5, 1] : COUNT_STEPS,
          values: (_chart, splits) => splits.map((value) => format(value, kind)),
        },
      ],
      series: [{}, ...(style === "stackedBars" ? stackedBarSeries(series, days.length) : lineSeries(series, hasFewDays))],
      hooks: {
        setCursor: [
          (chart) => {
            const index = chart.cursor.idx;
            if (index === null || index === undefined || chart.cursor.left === undefined || chart.cursor.left < 0) {
              setHover(null);
              return;
            }
            const plotLeft = chart.over.getBoundingClientRect().left - element.getBoundingClientRect().left;
            setHover({ index, left: plotLeft + chart.valToPos(index, "x") });
          },
        ],
      },
    };
    // Stacked bars: the tallest running total first, so each shorter one is drawn over it.
    const plotted = style === "stackedBars" ? stackValues(series).reverse() : series.map((line) => line.values.map((value) => value ?? null));
    const data: uPlot.AlignedData = [days.map((_, index) => index), ...plotted];
    const chart = new uPlot(options, data, element);
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [days, series, kind, style, height]);

  const width = holder.current?.clientWidth ?? 0;
  return (
    <div className="time-chart">
      <div ref={holder} className="time-chart-canvas" onMouseLeave={() => setHover(null)} />
      {hover ? (
        <div className={`chart-tooltip${hover.left > width / 2 ? " is-left" : ""}`} style={{ insetInlineStart: `${hover.left}px` }} aria-hidden="true">
          <strong>{shortDay(days[hover.index] ?? "")}</strong>
          {describeDay?.(hover.index) ? <span>{describeDay(hover.index)}</span> : null}
          {(style === "stackedBars" ? [...series].reverse() : series).map((line) => {
            const value = line.values[hover.index];
            return (
              <span key={line.label}>
                <span className="chart-swatch" style={{ background: line.color }} />
                {line.label}: {value === null || value === undefined ? "—" : format(value, kind)}
              </span>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}

function lineSeries(series: readonly ChartSeries[], hasPoints: boolean): uPlot.Series[] {
  return series.map((line) => ({
    label: line.label,
    stroke: line.color,
    width: 2,
    ...(line.isArea ? { fill: `${line.color}1f` } : {}),
    points: { show: hasPoints, size: 5, fill: line.color },
    spanGaps: false,
  }));
}

function stackedBarSeries(series: readonly ChartSeries[], dayCount: number): uPlot.Series[] {
  const bars = uPlot.paths.bars?.({ size: [dayCount > 31 ? 0.8 : 0.6, 28], gap: dayCount > 31 ? 0 : 1 });
  return [...series].reverse().map((part) => ({
    label: part.label,
    stroke: part.color,
    fill: part.color,
    width: 0,
    ...(bars ? { paths: bars } : {}),
    points: { show: false },
  }));
}
