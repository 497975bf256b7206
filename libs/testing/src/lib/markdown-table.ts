const MAX_CELL = 300;

/**
 * A Markdown table that suites print at their end, so it can be pasted into
 * the docs as it is: `aliases` replace names that differ on every run (a
 * test database), pipes are escaped, and long cells cut.
 */
export function markdownTable(
  title: string,
  headers: string[],
  rows: string[][],
  aliases: Record<string, string> = {},
): string {
  const cell = (text: string) => {
    const named = Object.entries(aliases).reduce((t, [name, alias]) => t.split(name).join(alias), text);
    const flat = named.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
    return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat;
  };
  const line = (values: string[]) => `| ${values.map(cell).join(' | ')} |`;
  return [`### ${title}`, '', line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The lines of a process's output that say something: no blank lines. */
export const meaningfulLines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');
