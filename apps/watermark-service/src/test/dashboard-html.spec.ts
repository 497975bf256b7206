import { ageText, formatSpan, utcText } from '../dashboard/age';
import { escapeHtml, html, SafeHtml } from '../dashboard/safe-html';

describe('dashboard HTML escaping', () => {
  it('escapes the five characters that can end text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('escapes every value put into an html template, in text and in attributes', () => {
    const hostile = `"><img src=x onerror=alert(1)><script>alert(2)</script>`;
    const out = html`<td title="${hostile}">${hostile}</td>`.value;
    expect(out).toBe(
      '<td title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;">' +
        '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;</td>',
    );
    expect(out).not.toMatch(/<img|<script/);
  });

  it('keeps nested templates as markup, joins arrays, prints numbers, and nothing for null', () => {
    const items = ['a<b', 'c'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${42}`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>42');
  });

  it('does not trust a plain string that looks like markup', () => {
    const notSafe = '<b>bold</b>';
    expect(html`${notSafe}`.value).toBe('&lt;b&gt;bold&lt;/b&gt;');
    expect(html`${new SafeHtml('<b>bold</b>')}`.value).toBe('<b>bold</b>');
  });
});

describe('dashboard times', () => {
  const now = Date.parse('2025-08-10T12:00:00.000Z');

  it.each([
    [45_000, '45 s'],
    [12 * 60_000 + 59_000, '12 min'],
    [3 * 3_600_000 + 5 * 60_000, '3 h 5 min'],
    [4 * 86_400_000 + 2 * 3_600_000 + 59 * 60_000, '4 d 2 h'],
  ])('writes a span of %i ms as %j', (ms, text) => {
    expect(formatSpan(ms)).toBe(text);
  });

  it('says how long ago, how far ahead, or never', () => {
    expect(ageText(now - 90_000, now)).toBe('1 min ago');
    expect(ageText(now + 120_000, now)).toBe('in 2 min');
    expect(ageText(null, now)).toBe('never');
    expect(utcText(now)).toBe('2025-08-10 12:00:00 UTC');
  });
});
