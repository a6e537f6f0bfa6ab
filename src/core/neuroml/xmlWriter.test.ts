import { describe, expect, it } from 'vitest';
import { escapeXml, XmlWriter } from './xmlWriter.ts';

describe('XmlWriter', () => {
  it('escapes markup and quotes in attributes and text, and drops characters XML cannot hold', () => {
    const doc = new XmlWriter();
    doc.element('a', [['title', `x<y & "z" 'w'`]], () => {
      doc.text('notes', 'a < b\u0001 && c > d');
      doc.empty('b', [['n', 5]]);
      doc.comment('no -- inside');
    });
    expect(doc.toString()).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<a title="x&lt;y &amp; &quot;z&quot; &apos;w&apos;">',
        '  <notes>a &lt; b &amp;&amp; c &gt; d</notes>',
        '  <b n="5"/>',
        '  <!-- no - inside -->',
        '</a>',
        '',
      ].join('\n'),
    );
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
  });
});
