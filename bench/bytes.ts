/**
 * Bytes of the distinct ArrayBuffers reachable from `roots` through own properties (class fields,
 * private ones included), arrays and plain objects, skipping `skip`. Counting what is reachable,
 * rather than naming fields, keeps the count right as the engine's layout changes.
 */
export function typedArrayBytes(roots: readonly object[], skip: ReadonlySet<object> = new Set()): number {
  const buffers = new Set<ArrayBufferLike>();
  const seen = new Set<object>(skip);
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      buffers.add(value.buffer);
      return;
    }
    if (value instanceof Map || value instanceof Set) return; // ids and names, not simulation state
    for (const child of Object.values(value) as unknown[]) visit(child);
  };
  roots.forEach(visit);
  let bytes = 0;
  for (const buffer of buffers) bytes += buffer.byteLength;
  return bytes;
}
