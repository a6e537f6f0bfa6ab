/**
 * Writes for the plots' per-frame DOM updates that skip values already there. Setting an SVG
 * attribute or a text to what it already holds still makes the browser restyle, lay out and shape
 * that element again; the plots redraw with every Worker frame, most of what they set is unchanged.
 */

/** Node.TEXT_NODE, without needing the DOM's globals where this module is only imported. */
const TEXT_NODE = 3;

/** Sets `name` to `value` unless it already has it. */
export function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/**
 * Sets the element's text unless it already reads `text`. A lone text node is rewritten in place:
 * textContent would put a new node in its stead, which the browser styles and lays out from scratch.
 */
export function setText(el: Element, text: string): void {
  const only = el.firstChild;
  if (only !== null && only === el.lastChild && only.nodeType === TEXT_NODE) {
    if (only.nodeValue !== text) only.nodeValue = text;
  } else if (el.textContent !== text) {
    el.textContent = text;
  }
}

/** What each label node was last fitted to, so a label is measured only when it, its room or its type size changes. */
const fitted = new WeakMap<SVGTextContentElement, { key: string; text: string }>();

/**
 * Sets an SVG label to `label`, shortened with an ellipsis to fit `maxWidth` px in its own font
 * (measured, since a fixed character count clips or wastes room as the font changes, e.g. presenting).
 */
export function setFittedText(el: SVGTextContentElement, label: string, maxWidth: number): void {
  const key = `${label}|${maxWidth}|${el.closest('.presenting') ? 'big' : 'normal'}`;
  const last = fitted.get(el);
  if (last?.key === key) {
    setText(el, last.text);
    return;
  }
  el.textContent = label;
  let text = label;
  if (label.length > 1 && el.getComputedTextLength() > maxWidth) {
    // The longest prefix that fits with its ellipsis.
    let lo = 0;
    let hi = label.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      el.textContent = `${label.slice(0, mid).trimEnd()}\u2026`;
      if (el.getComputedTextLength() <= maxWidth) lo = mid;
      else hi = mid - 1;
    }
    text = `${label.slice(0, lo).trimEnd()}\u2026`;
    el.textContent = text;
  }
  fitted.set(el, { key, text });
}
