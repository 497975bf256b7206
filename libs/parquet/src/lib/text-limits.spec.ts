import { TidemarkError } from '@tidemark/errors';
import { ColumnSchema } from '@tidemark/watermark-model';
import { limitText, TextLimits, truncateUtf8 } from './text-limits';

const col = (name: string, columnType = 'varchar(20)'): ColumnSchema => ({
  name,
  dataType: columnType.replace(/\(.*$/, ''),
  columnType,
  nullable: true,
  length: null,
  precision: null,
  scale: null,
  charset: 'utf8mb4',
});

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
/** True when `s` has no lone surrogate: encoding it to UTF-8 and back gives it unchanged. */
const validUtf8 = (s: string) => Buffer.from(s, 'utf8').toString('utf8') === s && !s.includes('\uFFFD');

/** The longest prefix of whole characters (code points) within `limit` bytes, computed the slow way. */
function longestPrefix(text: string, limit: number): string {
  let out = '';
  for (const ch of text) {
    if (bytes(out + ch) > limit) break;
    out += ch;
  }
  return out;
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('truncateUtf8', () => {
  it.each([
    ['2-byte', 'é'],
    ['3-byte', '€'],
    ['4-byte', '\u{1F600}'],
  ])('never splits a %s character, at every limit', (_kind, ch) => {
    const text = 'ab' + ch.repeat(5) + 'c' + ch;
    for (let limit = 0; limit <= bytes(text) + 2; limit++) {
      const out = truncateUtf8(text, limit);
      expect(validUtf8(out)).toBe(true);
      expect(bytes(out)).toBeLessThanOrEqual(limit);
      expect(text.startsWith(out)).toBe(true);
      expect([limit, out]).toEqual([limit, longestPrefix(text, limit)]);
    }
  });

  it('keeps the longest prefix for mixed 1- to 4-byte text, at every limit', () => {
    const text = 'aé€\u{1F600}日本\u{20000}ßz\u{1F4A9}é';
    for (let limit = 0; limit <= bytes(text); limit++) {
      const out = truncateUtf8(text, limit);
      expect(validUtf8(out)).toBe(true);
      expect(bytes(out)).toBeLessThanOrEqual(limit);
      expect([limit, out]).toEqual([limit, longestPrefix(text, limit)]);
    }
  });

  it('cuts before a character that straddles the limit', () => {
    expect(truncateUtf8('ab€', 4)).toBe('ab'); // € is bytes 3–5
    expect(truncateUtf8('ab€', 3)).toBe('ab');
    expect(truncateUtf8('ab€', 5)).toBe('ab€');
    expect(truncateUtf8('a\u{1F600}', 4)).toBe('a');
    expect(truncateUtf8('a\u{1F600}', 5)).toBe('a\u{1F600}');
    expect(truncateUtf8('\u{1F600}\u{1F600}', 7)).toBe('\u{1F600}');
    expect(truncateUtf8('éé', 3)).toBe('é');
  });

  it('returns the text itself when it fits, including at exactly the limit', () => {
    const text = 'ab€\u{1F600}';
    expect(truncateUtf8(text, bytes(text))).toBe(text);
    expect(truncateUtf8(text, 1000)).toBe(text);
    expect(truncateUtf8('', 0)).toBe('');
  });

  it('returns the empty string for a limit of 0 or below the first character', () => {
    expect(truncateUtf8('abc', 0)).toBe('');
    expect(truncateUtf8('\u{1F600}', 3)).toBe('');
    expect(truncateUtf8('€x', 2)).toBe('');
  });

  it('cuts plain ASCII at exactly the limit', () => {
    expect(truncateUtf8('a'.repeat(100), 65535)).toBe('a'.repeat(100));
    expect(truncateUtf8('a'.repeat(70000), 65535)).toBe('a'.repeat(65535));
  });
});

describe('limitText', () => {
  const note = col('note');
  const other = col('other');
  const row = [42, 'ignored', 'x'];
  function limits(mode: 'fail' | 'truncate', bytesOf: (number | null)[] = [null, 80, 10]): TextLimits {
    return { bytes: bytesOf, mode, describeRow: (r) => `id=${(r as unknown[])[0]}`, table: 'shop.orders' };
  }

  it('passes short values through unchanged', () => {
    for (const mode of ['fail', 'truncate'] as const) {
      expect(limitText(limits(mode), note, 1, 'hello', row)).toBe('hello');
      expect(limitText(limits(mode), note, 1, '', row)).toBe('');
      expect(limitText(limits(mode), note, 1, '€'.repeat(26), row)).toBe('€'.repeat(26)); // 78 bytes
    }
  });

  it('passes any value of a column without a limit', () => {
    const long = '\u{1F600}'.repeat(100000);
    expect(limitText(limits('fail'), other, 0, long, row)).toBe(long);
    expect(limitText(limits('truncate'), other, 0, long, row)).toBe(long);
  });

  it.each([
    ['ASCII', 'a'.repeat(80)],
    ['2-byte', 'é'.repeat(40)],
    ['4-byte', '\u{1F600}'.repeat(20)],
    ['mixed', 'é'.repeat(10) + '€'.repeat(10) + '\u{1F600}'.repeat(7) + 'ab'],
  ])('passes a %s value of exactly the limit', (_kind, text) => {
    expect(bytes(text)).toBe(80);
    const describeRow = jest.fn(() => 'id=42');
    const l = { ...limits('fail'), describeRow };
    expect(limitText(l, note, 1, text, row)).toBe(text);
    expect(limitText(limits('truncate'), note, 1, text, row)).toBe(text);
    expect(describeRow).not.toHaveBeenCalled();
  });

  it('applies the limit of column i', () => {
    // Column 2 holds 10 bytes, column 1 holds 80.
    expect(limitText(limits('truncate'), other, 2, 'x'.repeat(20), row)).toBe('x'.repeat(10));
    expect(limitText(limits('truncate'), note, 1, 'x'.repeat(20), row)).toBe('x'.repeat(20));
  });

  it('fails on a value over the limit with a TidemarkError naming the table, column, row and byte counts', () => {
    const text = '\u{1F600}'.repeat(20) + 'a'; // 81 bytes
    const describeRow = jest.fn((r: unknown[]) => `id=${r[0]}`);
    const e = caught(() => limitText({ ...limits('fail'), describeRow }, note, 1, text, row));
    expect(e).toBeInstanceOf(TidemarkError);
    const err = e as TidemarkError;
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toContain('table shop.orders');
    expect(err.message).toContain('column note');
    expect(err.message).toContain('row with id=42');
    expect(err.message).toContain('holds 81 bytes');
    expect(err.message).toContain('at most 80 bytes');
    expect(err.message).toContain('oversizeText: truncate');
    expect(describeRow).toHaveBeenCalledWith(row);
  });

  it('fails on a value one byte over, whichever character width makes it so', () => {
    for (const text of ['a'.repeat(81), 'é'.repeat(40) + 'a', '€'.repeat(27), 'a'.repeat(77) + '\u{1F600}']) {
      const e = caught(() => limitText(limits('fail'), note, 1, text, row)) as TidemarkError;
      expect(e).toBeInstanceOf(TidemarkError);
      expect(e.message).toContain(`holds ${bytes(text)} bytes`);
    }
  });

  it('names the row as describeRow does, for a composite key', () => {
    const l: TextLimits = {
      bytes: [null, null, 3],
      mode: 'fail',
      describeRow: (r) => `tenant=${(r as unknown[])[0]}, id=${(r as unknown[])[1]}`,
      table: 'app.events',
    };
    const e = caught(() => limitText(l, col('payload', 'text'), 2, 'abcd', ['t1', 7, 'abcd'])) as TidemarkError;
    expect(e.message).toMatch(
      /^table app\.events: column payload of the row with tenant=t1, id=7 holds 4 bytes, but its warehouse column holds at most 3 bytes/,
    );
  });

  it('truncates in truncate mode to the longest whole-character prefix within the limit', () => {
    const cases = [
      'a'.repeat(100),
      'é'.repeat(41),
      '€'.repeat(30),
      'a'.repeat(79) + '\u{1F600}',
      'ab' + '\u{1F600}'.repeat(30),
      'x'.repeat(78) + 'é€',
    ];
    for (const text of cases) {
      const out = limitText(limits('truncate'), note, 1, text, row);
      expect(bytes(out)).toBeLessThanOrEqual(80);
      expect(validUtf8(out)).toBe(true);
      expect(out).toBe(longestPrefix(text, 80));
    }
  });

  it('does not call describeRow when truncating', () => {
    const describeRow = jest.fn(() => 'id=42');
    limitText({ ...limits('truncate'), describeRow }, note, 1, 'a'.repeat(200), row);
    expect(describeRow).not.toHaveBeenCalled();
  });
});
