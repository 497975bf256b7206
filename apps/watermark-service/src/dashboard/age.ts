/** `45 s`, `12 min`, `3 h 5 min`, `4 d 2 h`: how long a span is, to the two largest units. */
export function formatSpan(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** `12 min ago` (or `in 3 min` for an instant after `now`); `never` without one. */
export function ageText(atMs: number | null, nowMs: number): string {
  if (atMs === null || Number.isNaN(atMs)) return 'never';
  return atMs > nowMs ? `in ${formatSpan(atMs - nowMs)}` : `${formatSpan(nowMs - atMs)} ago`;
}

/** An ISO instant as the dashboard shows it: `2025-08-01 10:00:00 UTC`. */
export function utcText(atMs: number): string {
  return `${new Date(atMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
