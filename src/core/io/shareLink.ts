import { parseExperimentJson, parseLessonJson, type LessonResult, type ValidationResult } from '../experiment/validate.ts';
import type { Experiment, Lesson } from '../experiment/types.ts';

/** The URL fragment key: `#experiment=<code>`. A fragment never reaches a server. */
export const SHARE_KEY = 'experiment';
/** A lesson's link: `#lesson=<code>`, coded as an experiment's is. */
export const LESSON_KEY = 'lesson';
/** Longest link the lab offers; past this, chat tools and some browsers cut links, so offer a file. */
export const MAX_SHARE_LINK = 8000;
/**
 * Most bytes a link's experiment may unpack to. A link of MAX_SHARE_LINK characters unpacks to some
 * tens of KB; deflate reaches about 1000:1, so without a cap a few hundred KB of link become GBs.
 */
export const MAX_LINK_JSON_BYTES = 1_000_000;

/**
 * An experiment as a URL-safe code: compact JSON, deflated (CompressionStream, in browsers and Node),
 * in base64url. The 2003 network's 4 KB of JSON becomes about 1 KB.
 */
export async function encodeExperiment(experiment: Experiment): Promise<string> {
  return encodeJson(experiment);
}

/** A lesson as a URL-safe code, as encodeExperiment codes an experiment. */
export async function encodeLesson(lesson: Lesson): Promise<string> {
  return encodeJson(lesson);
}

async function encodeJson(value: Experiment | Lesson): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(value));
  const deflated = await pipe(json, new CompressionStream('deflate-raw'));
  return toBase64Url(deflated);
}

/** The experiment in a code from encodeExperiment, through the one validator; bad codes get a message. */
export async function decodeExperiment(code: string): Promise<ValidationResult> {
  const text = await decodeText(code);
  return text.ok ? parseExperimentJson(text.text) : text;
}

/** The lesson in a code from encodeLesson, through the one validator; bad codes get a message. */
export async function decodeLesson(code: string): Promise<LessonResult> {
  const text = await decodeText(code);
  return text.ok ? parseLessonJson(text.text) : text;
}

/** The JSON text in a code, unpacked to at most MAX_LINK_JSON_BYTES, or why not. */
async function decodeText(code: string): Promise<{ ok: true; text: string } | { ok: false; errors: string[] }> {
  const bytes = fromBase64Url(code);
  if (!bytes) return { ok: false, errors: ['the link is damaged: it is not base64url text'] };
  let json: Uint8Array<ArrayBuffer> | null;
  try {
    json = await inflateAtMost(bytes, MAX_LINK_JSON_BYTES);
  } catch {
    return { ok: false, errors: ['the link is damaged: its data does not decompress (was it cut short?)'] };
  }
  if (json === null) {
    return { ok: false, errors: [`the link is too large: its experiment unpacks to more than ${MAX_LINK_JSON_BYTES.toLocaleString('en')} bytes (1 MB), the most a link may hold`] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    return { ok: false, errors: ['the link is damaged: its data is not text'] };
  }
  return { ok: true, text };
}

/** The code in a location hash (`#experiment=...`, or `#lesson=...` with key LESSON_KEY), if any. */
export function codeFromHash(hash: string, key: string = SHARE_KEY): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get(key);
}

async function pipe(input: Uint8Array<ArrayBuffer>, transform: CompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([input]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The deflate-raw data inflated, or null once it passes `limit` bytes: the stream is read chunk by
 * chunk and cancelled there, so a bomb never inflates further than the limit and one chunk.
 */
export async function inflateAtMost(input: Uint8Array<ArrayBuffer>, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = new Blob([input]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const joined = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return joined;
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
