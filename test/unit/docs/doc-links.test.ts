/**
 * The README and docs/ name files, headings and commands that exist: every relative link resolves (to a
 * heading too, when it names one), and every command line says `npx trailwatch`, which works after
 * `npm ci` (a bare `trailwatch` is not on PATH).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const PAGES = [
  join(ROOT, 'README.md'),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(ROOT, 'docs', name)),
];
const SUBCOMMANDS = 'scan|simulate|start|worker|backfill|findings';

const read = (path: string) => readFileSync(path, 'utf8');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const headings = markdown.split('\n').filter((line) => /^#{1,6} /.test(line));
  return new Set(
    headings.map((line) =>
      line
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

/** Markdown links outside code blocks, as written: `[text](target)`. */
function links(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string);
}

function brokenLinks(page: string): string[] {
  const broken: string[] = [];
  for (const target of links(read(page))) {
    if (/^(https?:|mailto:)/.test(target)) continue;
    const [file = '', anchor] = target.split('#');
    const path = file === '' ? page : join(dirname(page), file);
    const name = relative(ROOT, path);
    if (!existsSync(path)) broken.push(`${target} (no ${name})`);
    else if (anchor && path.endsWith('.md') && !anchors(read(path)).has(anchor))
      broken.push(`${target} (no heading #${anchor} in ${name})`);
  }
  return broken;
}

/** Inline code and shell lines that start a trailwatch subcommand without npx. */
function bareCommands(markdown: string): string[] {
  const inline = [...markdown.matchAll(new RegExp(`\`trailwatch (?:${SUBCOMMANDS})\\b[^\`]*\``, 'g'))];
  const shell = [...markdown.matchAll(/^```(?:sh|bash)\n([\s\S]*?)^```/gm)].flatMap((block) =>
    (block[1] as string)
      .split('\n')
      .filter((line) => new RegExp(`^trailwatch (?:${SUBCOMMANDS})\\b`).test(line)),
  );
  return [...inline.map((match) => match[0]), ...shell];
}

describe('the README and docs/', () => {
  it.each(PAGES.map((page) => [relative(ROOT, page), page]))('%s links only to what exists', (_, page) => {
    expect(brokenLinks(page)).toEqual([]);
  });

  it.each(PAGES.map((page) => [relative(ROOT, page), page]))(
    '%s runs trailwatch as `npx trailwatch`',
    (_, page) => {
      expect(bareCommands(read(page))).toEqual([]);
    },
  );
});
