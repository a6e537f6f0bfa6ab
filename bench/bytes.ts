import type { SynapseRows } from '../src/core/engine/network.ts';
/**
 * Bytes of the typed arrays reachable from `roots` through own properties (class fields, private ones
 * included), arrays and plain objects, skipping `skip`: per buffer, the bytes its reachable views cover
 * (views overlapping counted once), since a WebAssembly memory holds several arrays, some of which
 * another root owns. Counting what is reachable, rather than naming fields, keeps the count right as
 * the engine's layout changes.
 */
export function typedArrayBytes(roots: readonly object[], skip: ReadonlySet<object> = new Set()): number {
  const views = new Map<ArrayBufferLike, [number, number][]>();
  const seen = new Set<object>(skip);
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      const spans = views.get(value.buffer) ?? [];
      spans.push([value.byteOffset, value.byteOffset + value.byteLength]);
      views.set(value.buffer, spans);
      return;
    }
    if (value instanceof Map || value instanceof Set) return; // ids and names, not simulation state
    for (const child of Object.values(value) as unknown[]) visit(child);
  };
  roots.forEach(visit);
  let bytes = 0;
  for (const spans of views.values()) {
    spans.sort((x, y) => x[0] - y[0]);
    let covered = 0;
    for (const [start, end] of spans) {
      if (end > covered) bytes += end - Math.max(start, covered);
      covered = Math.max(covered, end);
    }
  }
  return bytes;
}

/** Bytes of a network's synapse arrays: not the delivery kernel's arrival sums beside them (a Simulation's per-neuron state). */
export function synapseArrayBytes(rows: SynapseRows): number {
  return typedArrayBytes([rows], new Set(rows.delivery ? [rows.delivery.sums] : []));
}
