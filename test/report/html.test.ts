import { describe, expect, it } from 'vitest';
import { escapeHtml, html, table, trusted } from '../../src/report/html.js';

describe('escapeHtml', () => {
  it.each([
    ['plain', 'plain'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['a & b', 'a &amp; b'],
    ['"double" \'single\'', '&quot;double&quot; &#39;single&#39;'],
    ['&amp;', '&amp;amp;'], // escaping twice shows the text as written, never decodes it
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('html template', () => {
  it('escapes interpolated strings, numbers and arrays, but not Html', () => {
    const out = html`<p title="${'"x"'}">${'<b>'}${[1, '<i>']}${trusted('<svg></svg>')}${null}</p>`;
    expect(out.value).toBe('<p title="&quot;x&quot;">&lt;b&gt;1&lt;i&gt;<svg></svg></p>');
  });

  it('escapes table headers and cells', () => {
    const out = table([{ title: '<th>' }, { title: 'n', numeric: true }], [['<td>', 3]]).value;
    expect(out).toContain('<th>&lt;th&gt;</th>');
    expect(out).toContain('<td>&lt;td&gt;</td>');
    expect(out).toContain('<td class="num">3</td>');
  });
});
