/** The share link's URL and whether it is short enough to offer. */
import { MAX_SHARE_LINK, SHARE_KEY } from '../../core/io/shareLink.ts';

export function shareUrl(origin: string, pathname: string, code: string): string {
  return `${origin}${pathname}#${SHARE_KEY}=${code}`;
}

/** Why the URL is not offered as a link, or null. */
export function shareLinkProblem(url: string, max = MAX_SHARE_LINK): string | null {
  if (url.length <= max) return null;
  return `This experiment is too large for a link (${url.length.toLocaleString('en-US')} characters); save it as a file instead.`;
}
