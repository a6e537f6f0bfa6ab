import type { NetworkSummary } from '../worker/protocol.ts';

const measured = new WeakMap<NetworkSummary, number>();

/**
 * The width in px of the network's widest group label as the raster draws it, so that the plots' left
 * margin can make room for names such as the Iris inputs' "sepal_length #1" instead of cutting them.
 * Measured once per network in the raster's own svg (`within`: its font and style), in an unseen label;
 * until the raster has measured it (or without a network), 0.
 */
export function groupLabelRoom(network: NetworkSummary | null, within?: SVGSVGElement): number {
  if (!network) return 0;
  const known = measured.get(network);
  // Not while the raster is hidden (another tab shown): text is not laid out with the label's style then.
  if (known !== undefined || !within || within.getClientRects().length === 0) return known ?? 0;
  const text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
  text.setAttribute('class', 'group-label');
  text.setAttribute('visibility', 'hidden');
  within.appendChild(text);
  let widest = 0;
  for (const group of network.groups) {
    text.textContent = group.label || group.id;
    widest = Math.max(widest, text.getComputedTextLength());
  }
  text.remove();
  measured.set(network, widest);
  return widest;
}
