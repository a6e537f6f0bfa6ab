import type { NeuroMLExport } from '../core/neuroml/export.ts';

/** What the NeuroML export Worker answers: the files and notes, or why the experiment was refused. */
export type NeuroMLExportReply = ({ ok: true } & NeuroMLExport) | { ok: false; message: string };

const isString = (x: unknown): x is string => typeof x === 'string';
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** The Worker's message checked field by field (it crosses a thread boundary, so it is outside input). */
export function readNeuroMLExportReply(data: unknown): NeuroMLExportReply | null {
  if (!isRecord(data)) return null;
  if (data.ok === false) return isString(data.message) ? { ok: false, message: data.message } : null;
  if (data.ok !== true || !Array.isArray(data.notes) || !Array.isArray(data.files)) return null;
  const notes = data.notes.filter(isString);
  const files = data.files.flatMap((f: unknown) => (isRecord(f) && isString(f.path) && isString(f.text) ? [{ path: f.path, text: f.text }] : []));
  if (notes.length !== data.notes.length || files.length !== data.files.length) return null;
  return { ok: true, files, notes };
}
