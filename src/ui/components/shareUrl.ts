/** The share link's URL and whether it is short enough to offer. */
import { MAX_SHARE_LINK, SHARE_KEY } from '../../core/io/shareLink.ts';

/** The link to open `code`; `key` is SHARE_KEY for an experiment, LESSON_KEY for a lesson. */
export function shareUrl(origin: string, pathname: string, code: string, key: string = SHARE_KEY): string {
  return `${origin}${pathname}#${key}=${code}`;
}

/** Why the URL is not offered as a link, or null. */
export function shareLinkProblem(url: string, max = MAX_SHARE_LINK): string | null {
  if (url.length <= max) return null;
  return `This experiment is too large for a link (${url.length.toLocaleString('en-US')} characters); save it as a file instead.`;
}
