/**
 * A small XML writer for the NeuroML and LEMS exports: elements with attributes in the order given
 * (the schema fixes the order of elements, not of attributes), text escaped, two-space indentation.
 * Lines are collected in an array so a document of a million connections is one join, not a million
 * string copies.
 */

export type Attributes = ReadonlyArray<readonly [name: string, value: string | number]>;

/** Escapes text for an attribute value or element content (quotes too, so it is safe in both). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** XML 1.0 forbids most control characters even escaped: they are dropped from free text. */
function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return escapeXml(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
}

function attributes(attrs: Attributes): string {
  return attrs.map(([name, value]) => ` ${name}="${xmlText(String(value))}"`).join('');
}

export class XmlWriter {
  private readonly lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  private depth = 0;

  private indent(): string {
    return '  '.repeat(this.depth);
  }

  /** An element with no content. */
  empty(name: string, attrs: Attributes = []): this {
    this.lines.push(`${this.indent()}<${name}${attributes(attrs)}/>`);
    return this;
  }

  /** An element holding only text. */
  text(name: string, content: string, attrs: Attributes = []): this {
    this.lines.push(`${this.indent()}<${name}${attributes(attrs)}>${xmlText(content)}</${name}>`);
    return this;
  }

  /** An element whose children `body` writes. */
  element(name: string, attrs: Attributes, body: () => void): this {
    this.lines.push(`${this.indent()}<${name}${attributes(attrs)}>`);
    this.depth++;
    body();
    this.depth--;
    this.lines.push(`${this.indent()}</${name}>`);
    return this;
  }

  comment(text: string): this {
    // "--" may not appear inside a comment.
    this.lines.push(`${this.indent()}<!-- ${text.replace(/-{2,}/g, '-')} -->`);
    return this;
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}
