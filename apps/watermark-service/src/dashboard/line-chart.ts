import { utcText } from './age';
import { html, SafeHtml } from './safe-html';

export interface ChartPoint {
  /** Milliseconds since the epoch. */
  at: number;
  /** Null is a gap: e.g. no cursor after a reset. */
  value: number | null;
  /** The exact value, shown when the pointer rests on the point. */
  label: string;
}

export interface ChartSeries {
  name: string;
  /** CSS class giving the series its colour. */
  className: string;
  /** In time order. */
  points: ChartPoint[];
}

export interface LineChartOptions {
  title: string;
  series: ChartSeries[];
  /** A value as an axis label. */
  formatValue: (value: number) => string;
  /** Counts start at 0; timestamps use their own range. */
  fromZero?: boolean;
}

const WIDTH = 720;
const HEIGHT = 220;
const PLOT = { left: 150, right: WIDTH - 16, top: 24, bottom: HEIGHT - 36 };

type Scale = (v: number) => number;

/** Maps [min, max] onto [from, to]; a single value sits in the middle. */
export function linearScale(min: number, max: number, from: number, to: number): Scale {
  if (max === min) return () => (from + to) / 2;
  return (v) => from + ((v - min) / (max - min)) * (to - from);
}

const coordinate = (n: number) => n.toFixed(1);

/**
 * A series as a step line: a watermark keeps its value until the next
 * change, so the line runs flat to the next point, then moves. A null value
 * ends the line; the next value starts a new one.
 */
export function stepPath(points: ChartPoint[], x: Scale, y: Scale): string {
  const parts: string[] = [];
  let drawing = false;
  for (const p of points) {
    if (p.value === null) {
      drawing = false;
      continue;
    }
    parts.push(drawing ? `H${coordinate(x(p.at))}V${coordinate(y(p.value))}` : `M${coordinate(x(p.at))} ${coordinate(y(p.value))}`);
    drawing = true;
  }
  return parts.join('');
}

function extent(values: number[], fromZero: boolean): [number, number] {
  const min = Math.min(...values, ...(fromZero ? [0] : []));
  return [min, Math.max(...values)];
}

/**
 * An inline SVG chart of values over time: one step line and one point
 * (with its exact value as a tooltip) for every history entry that has a
 * value. Every text in it is escaped.
 */
export function lineChart(o: LineChartOptions): SafeHtml {
  const points = o.series.flatMap((s) => s.points);
  const values = points.flatMap((p) => (p.value === null ? [] : [p.value]));
  const frame = (body: SafeHtml) =>
    html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${o.title}"><title>${o.title}</title>${body}</svg>`;
  if (values.length === 0) {
    return frame(html`<text class="empty" x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no values yet</text>`);
  }
  const times = points.map((p) => p.at);
  const x = linearScale(Math.min(...times), Math.max(...times), PLOT.left, PLOT.right);
  const [low, high] = extent(values, o.fromZero ?? false);
  const y = linearScale(low, high, PLOT.bottom, PLOT.top);
  const axes = html`<path class="axis" d="M${PLOT.left} ${PLOT.top}V${PLOT.bottom}H${PLOT.right}"/>
<text class="tick" x="${PLOT.left - 6}" y="${coordinate(y(high))}" text-anchor="end">${o.formatValue(high)}</text>
<text class="tick" x="${PLOT.left - 6}" y="${coordinate(y(low))}" text-anchor="end">${o.formatValue(low)}</text>
<text class="tick" x="${PLOT.left}" y="${HEIGHT - 12}">${utcText(Math.min(...times))}</text>
<text class="tick" x="${PLOT.right}" y="${HEIGHT - 12}" text-anchor="end">${utcText(Math.max(...times))}</text>`;
  const legend = o.series.map(
    (s, i) =>
      html`<text class="legend ${s.className}" x="${PLOT.left + 8 + i * 160}" y="14">${s.name}</text>`,
  );
  const lines = o.series.map(
    (s) =>
      html`<g class="series ${s.className}" data-series="${s.name}"><path class="line" d="${stepPath(s.points, x, y)}"/>${s.points.map((p) =>
        p.value === null
          ? null
          : html`<circle class="point" cx="${coordinate(x(p.at))}" cy="${coordinate(y(p.value))}" r="3"><title>${s.name}: ${p.label} (${utcText(p.at)})</title></circle>`,
      )}</g>`,
  );
  return frame(html`${axes}${legend}${lines}`);
}
