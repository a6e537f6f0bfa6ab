/**
 * Writes for the plots' per-frame DOM updates that skip values already there. Setting an SVG
 * attribute or a text to what it already holds still makes the browser restyle, lay out and shape
 * that element again; the plots redraw with every Worker frame, most of what they set is unchanged.
 */

/** Sets `name` to `value` unless it already has it. */
export function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Sets the element's text unless it already reads `text`. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
