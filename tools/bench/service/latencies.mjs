// Latencies in milliseconds, and their percentiles.
export class Latencies {
  constructor() {
    this.values = [];
  }

  add(ms) {
    this.values.push(ms);
  }

  get count() {
    return this.values.length;
  }

  /** { p50, p99, max } in ms, to 0.1 ms. */
  summary() {
    const sorted = Float64Array.from(this.values).sort();
    const at = (q) => (sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]) : null);
    return { p50: at(0.5), p99: at(0.99), max: sorted.length ? round(sorted[sorted.length - 1]) : null };
  }
}

const round = (n) => Math.round(n * 10) / 10;
