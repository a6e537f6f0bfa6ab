/**
 * Reading XML for the NeuroML importer: @xmldom/xmldom with its locator (each element knows its line),
 * every parser error and warning fatal, and no document type declaration at all. xmldom never fetches
 * external entities and does not expand declared ones; refusing a DOCTYPE outright also keeps entity
 * expansion attacks (billion laughs) and external references out of the importer's reach.
 */
import { DOMParser, ParseError, type Element } from '@xmldom/xmldom';

export type XmlElement = Element;

/** Bytes the parsed tree takes per element, roughly (xmldom's nodes, attributes and their strings). */
export const XML_ELEMENT_BYTES = 1024;

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; message: string };

/** Upper bound of the elements in `text` (each starts with `<`), counted without allocating. */
export function countTags(text: string): number {
  let count = 0;
  for (let at = text.indexOf('<'); at !== -1; at = text.indexOf('<', at + 1)) count++;
  return count;
}

/** Documents read beside a main one, by name, so messages say which file a line is in. */
const besideNames = new WeakMap<object, string>();

/**
 * The document element of `text`, or a message naming the line of the first problem. With `beside`,
 * messages about its elements name the file (`line 3 of cells.nml`): it was read beside the main file.
 */
export function parseXml(text: string, fileName: string, maxBytes: number, beside = false): XmlResult {
  const tags = countTags(text);
  if (tags * XML_ELEMENT_BYTES > maxBytes) {
    return {
      ok: false,
      message: `${fileName}: ${tags.toLocaleString('en-US')} XML elements would take about ${Math.round((tags * XML_ELEMENT_BYTES) / 2 ** 20)} MiB to read, more than the memory budget allows`,
    };
  }
  if (/<!DOCTYPE/i.test(text)) {
    const line = text.slice(0, text.search(/<!DOCTYPE/i)).split('\n').length;
    return { ok: false, message: `${fileName}, line ${line}: a document type declaration (<!DOCTYPE>) is not accepted: NeuroML files need none, and its entities could expand without bound or read other files` };
  }
  let first: string | null = null;
  const parser = new DOMParser({
    locator: true,
    onError: (_level, message) => {
      first ??= message;
      throw new Error(message);
    },
  });
  try {
    const doc = parser.parseFromString(text, 'text/xml');
    const root = doc.documentElement;
    if (root === null) return { ok: false, message: `${fileName}: no XML element found` };
    if (beside) besideNames.set(doc, fileName.replace(/^.*[\\/]/, ''));
    return { ok: true, root };
  } catch (e) {
    if (!(e instanceof ParseError) && !(e instanceof Error)) throw e;
    const locator: unknown = e instanceof ParseError ? e.locator : undefined;
    const line = typeof locator === 'object' && locator !== null && 'lineNumber' in locator && typeof locator.lineNumber === 'number' && locator.lineNumber > 0
      ? `, line ${locator.lineNumber}` : '';
    return { ok: false, message: `${fileName}${line}: not well-formed XML: ${first ?? e.message}` };
  }
}

/** The element children of `el`, in document order. */
export function childElements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let node = el.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE) out.push(node as Element);
  }
  return out;
}

/** Element name without a namespace prefix. */
export function tagOf(el: XmlElement): string {
  return el.localName ?? el.nodeName;
}

/** `<tag id="x"> (line n)`, or `(line n of file)` in a file read beside the main one: how messages name an element. */
export function describe(el: XmlElement): string {
  const id = el.getAttribute('id');
  const file = el.ownerDocument === null ? undefined : besideNames.get(el.ownerDocument);
  const line = el.lineNumber === undefined ? '' : ` (line ${el.lineNumber}${file === undefined ? '' : ` of ${file}`})`;
  return `<${tagOf(el)}${id === null ? '' : ` id="${id}"`}>${line}`;
}
