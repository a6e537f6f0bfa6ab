import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The repository's documents: what a newcomer reads first. */
const DOCUMENTS = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const TOP_LEVEL = new Set(readdirSync('.').filter((f) => f !== 'node_modules'));

/**
 * Every file a document points to, with where to look for it: Markdown links (relative to the
 * document), code spans that are paths from the repository's root (`src/...`, `docs/...`), and
 * other documents named in the text (`X.md`, from the document's folder or the root).
 */
function namedFiles(doc: string, text: string): { name: string; candidates: string[] }[] {
  const here = dirname(doc);
  const named: { name: string; candidates: string[] }[] = [];
  const prose = text.replace(/^```[\s\S]*?^```/gm, ''); // code blocks hold commands, not references
  for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue; // a web address or an anchor here
    named.push({ name: target, candidates: [join(here, target.split('#')[0])] });
  }
  for (const [, span] of prose.matchAll(/`([^`\s]+)`/g)) {
    if (/^[\w.-]+(\/[\w.-]+)*\/?$/.test(span) && span.includes('/') && TOP_LEVEL.has(span.split('/')[0])) {
      named.push({ name: span, candidates: [span] });
    }
  }
  const withoutLinks = prose.replace(/\]\([^)]*\)/g, ']').replace(/https?:\/\/\S+/g, '');
  for (const [name] of withoutLinks.matchAll(/(?<![\w./-])[\w./-]+\.md\b/g)) {
    named.push({ name, candidates: [join(here, name), name] });
  }
  return named;
}

describe('the documents', () => {
  it('find the references they hold (the check below checks something)', () => {
    const named = namedFiles('docs/x.md', 'See [the format](experiment-format.md#inputs), `src/core/random.ts`, `engine/`, RULES.md and [web](https://a.b/c.md).');
    expect(named).toEqual([
      { name: 'experiment-format.md#inputs', candidates: ['docs/experiment-format.md'] },
      { name: 'src/core/random.ts', candidates: ['src/core/random.ts'] },
      { name: 'RULES.md', candidates: ['docs/RULES.md', 'RULES.md'] },
    ]);
  });

  it.each(DOCUMENTS)('%s: every file it links to or names is in the repository', (doc) => {
    const missing = namedFiles(doc, readFileSync(doc, 'utf8'))
      .filter(({ candidates }) => !candidates.some((path) => existsSync(path)))
      .map(({ name }) => name);
    expect(missing).toEqual([]);
  });
});
