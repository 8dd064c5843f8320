import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";

// Plain SVG charts: a title and description for assistive technology, and the numbers as a table
// under a disclosure, so nothing is only in the picture.

export interface BarDatum {
  readonly label: string;
  readonly value: number;
  /** A tone class (`ok`, `warn`, `bad`, `info`, `neutral`). */
  readonly tone?: string;
}

export interface BarChartProps {
  readonly title: string;
  readonly data: readonly BarDatum[];
  /** Label of the value column in the table fallback. */
  readonly valueLabel?: string;
}

let chartCounter = 0;
const useChartId = (prefix: string): string => useMemo(() => `${prefix}-${++chartCounter}`, [prefix]);

function DataFallback(props: {
  title: string;
  rows: readonly (readonly [string, string])[];
  headers: readonly [string, string];
}) {
  return (
    <details class="chart-data">
      <summary>{props.title}: data</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{props.headers[0]}</th>
            <th scope="col">{props.headers[1]}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(([a, b], i) => (
            <tr key={i}>
              <td>{a}</td>
              <td class="align-end">{b}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** A chart's figure: the caption, the SVG with its title and description, and the data table. */
function ChartFrame(props: {
  kind: string;
  title: string;
  width: number;
  height: number;
  data: readonly { readonly label: string; readonly value: number }[];
  valueLabel: string;
  children: ComponentChildren;
}) {
  const id = useChartId(props.kind);
  return (
    <figure class="chart">
      <figcaption id={`${id}-title`}>{props.title}</figcaption>
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${props.width} ${props.height}`}
        class="chart-svg"
      >
        <title>{props.title}</title>
        <desc id={`${id}-desc`}>{props.data.map((d) => `${d.label}: ${d.value}`).join("; ")}</desc>
        {props.children}
      </svg>
      <DataFallback
        title={props.title}
        headers={["", props.valueLabel]}
        rows={props.data.map((d) => [d.label, String(d.value)] as const)}
      />
    </figure>
  );
}

/** Horizontal bars, one per datum. */
export function BarChart(props: BarChartProps) {
  const max = Math.max(1, ...props.data.map((d) => d.value));
  const rowHeight = 26;
  const labelWidth = 160;
  const width = 520;
  const height = Math.max(rowHeight, props.data.length * rowHeight) + 8;
  const barSpace = width - labelWidth - 60;
  return (
    <ChartFrame
      kind="bar"
      title={props.title}
      width={width}
      height={height}
      data={props.data}
      valueLabel={props.valueLabel ?? "Count"}
    >
      {props.data.map((d, i) => {
        const y = 4 + i * rowHeight;
        const w = Math.round((d.value / max) * barSpace);
        return (
          <g key={`${d.label}-${i}`}>
            <text x={labelWidth - 8} y={y + 17} class="chart-label" text-anchor="end">
              {d.label.length > 22 ? `${d.label.slice(0, 21)}…` : d.label}
            </text>
            <rect
              x={labelWidth}
              y={y + 4}
              width={Math.max(w, d.value > 0 ? 2 : 0)}
              height={rowHeight - 8}
              class={`chart-bar tone-${d.tone ?? "info"}`}
            />
            <text x={labelWidth + w + 6} y={y + 17} class="chart-value">
              {d.value}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

export interface LinePoint {
  /** Shown on the axis and in the table, e.g. a date. */
  readonly label: string;
  readonly value: number;
}

export interface LineChartProps {
  readonly title: string;
  readonly points: readonly LinePoint[];
  readonly valueLabel?: string;
}

/** One series over time (points in order). */
export function LineChart(props: LineChartProps) {
  const width = 520;
  const height = 200;
  const pad = { left: 40, right: 12, top: 12, bottom: 36 };
  const max = Math.max(1, ...props.points.map((p) => p.value));
  const n = props.points.length;
  const x = (i: number): number => pad.left + (n <= 1 ? 0 : (i / (n - 1)) * (width - pad.left - pad.right));
  const y = (v: number): number => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  const path = props.points
    .map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(" ");
  const first = props.points[0];
  const last = props.points[n - 1];
  return (
    <ChartFrame
      kind="line"
      title={props.title}
      width={width}
      height={height}
      data={props.points}
      valueLabel={props.valueLabel ?? "Value"}
    >
      <line x1={pad.left} y1={y(0)} x2={width - pad.right} y2={y(0)} class="chart-axis" />
      <line x1={pad.left} y1={pad.top} x2={pad.left} y2={y(0)} class="chart-axis" />
      <text x={pad.left - 6} y={pad.top + 4} class="chart-label" text-anchor="end">
        {max}
      </text>
      <text x={pad.left - 6} y={y(0)} class="chart-label" text-anchor="end">
        0
      </text>
      {n === 0 ? null : <path d={path} class="chart-line" fill="none" />}
      {props.points.map((p, i) => (
        <circle key={`${p.label}-${i}`} cx={x(i)} cy={y(p.value)} r={3} class="chart-point" />
      ))}
      {first === undefined ? null : (
        <text x={x(0)} y={height - 12} class="chart-label">
          {first.label}
        </text>
      )}
      {last === undefined || n < 2 ? null : (
        <text x={x(n - 1)} y={height - 12} class="chart-label" text-anchor="end">
          {last.label}
        </text>
      )}
    </ChartFrame>
  );
}
