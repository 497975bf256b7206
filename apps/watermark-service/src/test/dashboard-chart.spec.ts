import { ChartPoint, lineChart, linearScale, stepPath } from '../dashboard/line-chart';

const at = (minute: number) => Date.parse('2025-08-01T10:00:00Z') + minute * 60_000;
const point = (minute: number, value: number | null): ChartPoint => ({ at: at(minute), value, label: String(value) });
const circles = (svg: string) => [...svg.matchAll(/<circle class="point" cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [+m[1], +m[2]]);

describe('dashboard line chart', () => {
  it('scales linearly, and puts a single value in the middle', () => {
    const x = linearScale(0, 10, 100, 200);
    expect([x(0), x(5), x(10)]).toEqual([100, 150, 200]);
    expect(linearScale(7, 7, 100, 200)(7)).toBe(150);
  });

  it('draws a step line that holds each value until the next change, broken by a gap', () => {
    const identity = (v: number) => v;
    expect(stepPath([point(0, 1), point(1, 2)].map((p, i) => ({ ...p, at: i * 10 })), identity, identity)).toBe(
      'M0.0 1.0H10.0V2.0',
    );
    const gap = [point(0, 1), point(1, null), point(2, 3), point(3, 4)].map((p, i) => ({ ...p, at: i * 10 }));
    expect(stepPath(gap, identity, identity)).toBe('M0.0 1.0M20.0 3.0H30.0V4.0');
  });

  it('has one point per entry with a value, left to right in time and higher for larger values', () => {
    const svg = lineChart({
      title: 'Rows loaded',
      series: [{ name: 'rows loaded', className: 'loaded', points: [point(0, 0), point(5, 10), point(6, null), point(30, 25)] }],
      formatValue: String,
      fromZero: true,
    }).value;
    expect(svg).toMatch(/^<svg class="chart" viewBox="0 0 720 220" role="img" aria-label="Rows loaded">/);
    const xy = circles(svg);
    expect(xy).toHaveLength(3);
    expect(xy[0][0]).toBeLessThan(xy[1][0]);
    expect(xy[1][0]).toBeLessThan(xy[2][0]);
    expect(xy[0][1]).toBeGreaterThan(xy[1][1]); // SVG y grows downwards
    expect(xy[1][1]).toBeGreaterThan(xy[2][1]);
    for (const [x, y] of xy) {
      expect(x).toBeGreaterThanOrEqual(150);
      expect(x).toBeLessThanOrEqual(704);
      expect(y).toBeGreaterThanOrEqual(24);
      expect(y).toBeLessThanOrEqual(184);
    }
    // 10:05 is 1/6 of the way across the 554 px plot; 10 is 2/5 of the way up the 160 px plot.
    expect(svg).toContain('<path class="line" d="M150.0 184.0H242.3V120.0M704.0 24.0"/>');
    expect(svg).toContain('<text class="tick" x="144" y="24.0" text-anchor="end">25</text>');
  });

  it('draws every series with its own points and legend', () => {
    const svg = lineChart({
      title: 'Rows',
      series: [
        { name: 'rows extracted', className: 'extracted', points: [point(0, 5), point(1, 9)] },
        { name: 'rows loaded', className: 'loaded', points: [point(0, 0), point(1, 9)] },
      ],
      formatValue: String,
    }).value;
    expect(svg.match(/<g class="series extracted" data-series="rows extracted">/g)).toHaveLength(1);
    expect(svg.match(/<g class="series loaded" data-series="rows loaded">/g)).toHaveLength(1);
    expect(circles(svg)).toHaveLength(4);
    expect(svg).toContain('>rows extracted</text>');
  });

  it('escapes the title, the series names and the point labels', () => {
    const svg = lineChart({
      title: '<script>x</script>',
      series: [{ name: '"><b>', className: 'c', points: [{ at: at(0), value: 1, label: '<img src=x>' }] }],
      formatValue: String,
    }).value;
    expect(svg).not.toMatch(/<script|<b>|<img/);
    expect(svg).toContain('&lt;img src=x&gt;');
  });

  it('says there is nothing to draw instead of drawing an empty line', () => {
    const svg = lineChart({
      title: 'Cursor',
      series: [{ name: 'cursor', className: 'cursor', points: [point(0, null)] }],
      formatValue: String,
    }).value;
    expect(svg).toContain('no values yet');
    expect(circles(svg)).toHaveLength(0);
  });
});
