import { parseExperimentJson, type ValidationResult } from '../experiment/validate.ts';
import type { Experiment } from '../experiment/types.ts';

/** The URL fragment key: `#experiment=<code>`. A fragment never reaches a server. */
export const SHARE_KEY = 'experiment';
/** Longest link the lab offers; past this, chat tools and some browsers cut links, so offer a file. */
export const MAX_SHARE_LINK = 8000;

/**
 * An experiment as a URL-safe code: compact JSON, deflated (CompressionStream, in browsers and Node),
 * in base64url. The 2003 network's 4 KB of JSON becomes about 1 KB.
 */
export async function encodeExperiment(experiment: Experiment): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(experiment));
  const deflated = await pipe(json, new CompressionStream('deflate-raw'));
  return toBase64Url(deflated);
}

/** The experiment in a code from encodeExperiment, through the one validator; bad codes get a message. */
export async function decodeExperiment(code: string): Promise<ValidationResult> {
  const bytes = fromBase64Url(code);
  if (!bytes) return { ok: false, errors: ['the link is damaged: it is not base64url text'] };
  let json: Uint8Array<ArrayBuffer>;
  try {
    json = await pipe(bytes, new DecompressionStream('deflate-raw'));
  } catch {
    return { ok: false, errors: ['the link is damaged: its data does not decompress (was it cut short?)'] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    return { ok: false, errors: ['the link is damaged: its data is not text'] };
  }
  return parseExperimentJson(text);
}

/** The code in a location hash (`#experiment=...`), if any. */
export function codeFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get(SHARE_KEY);
}

async function pipe(input: Uint8Array<ArrayBuffer>, transform: CompressionStream | DecompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([input]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(code: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(code)) return null;
  const padded = code.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (code.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
