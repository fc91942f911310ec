/** "Show events": a finding's CloudTrail events as short lines, newest first, never raw JSON. */

import { section } from '../../block-kit/builders.js';
import { utcFallback } from '../../block-kit/date-token.js';
import { LIMITS } from '../../block-kit/limits.js';
import { inlineCode, safeText } from '../../block-kit/text.js';
import type { Block, SlackMessage } from '../../block-kit/types.js';
import type { FindingEvent } from '../../findings/finding-events.js';

/** One CloudTrail event, as plain data: what the detect job kept of each cited event. */
export type EventLine = FindingEvent;

export interface EventsListOptions {
  /** How many events the finding has in all (finding.eventCount); may exceed events.length. */
  total: number;
  findingId: string;
}

export const MAX_EVENT_LINES = 40;
// Leaves room under the ~13k message budget for the header line and the "… and N more" line.
const TEXT_BUDGET = 11_000;
const SECTION_BUDGET = LIMITS.sectionText - 100;

function timeOf(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? safeText(iso, 30) : utcFallback(ms).slice(5);
}

function eventLine(e: EventLine): string {
  const service = e.eventSource.replace(/\.amazonaws\.com$/, '');
  const parts = [
    `${timeOf(e.time)} *${safeText(e.eventName, 60)}* (${safeText(service, 40)})`,
    `from ${inlineCode(e.sourceIp, 64)} in ${safeText(e.region, 30)}`,
    inlineCode(e.userAgent, 40),
  ];
  if (e.errorCode) parts.push(`⚠️ ${safeText(e.errorCode, 60)}`);
  parts.push(inlineCode(e.eventId, 64));
  return `• ${parts.join(' · ')}`;
}

/** Greedily packs lines into sections of at most SECTION_BUDGET chars each. */
function pack(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > SECTION_BUDGET) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push(section(current));
  return blocks;
}

function sortedNewestFirst(events: readonly EventLine[]): EventLine[] {
  const t = (e: EventLine) => {
    const ms = Date.parse(e.time);
    return Number.isNaN(ms) ? -Infinity : ms;
  };
  return [...events].sort((a, b) => t(b) - t(a));
}

export function renderEventsList(events: readonly EventLine[], options: EventsListOptions): SlackMessage {
  const total = Math.max(options.total, events.length);
  const lines: string[] = [];
  let used = 0;
  for (const e of sortedNewestFirst(events)) {
    if (lines.length >= MAX_EVENT_LINES) break;
    const line = eventLine(e);
    if (used + line.length > TEXT_BUDGET) break;
    lines.push(line);
    used += line.length + 1;
  }
  const id = inlineCode(options.findingId, 80);
  const head = `*Events of finding ${id}* (newest first, times in UTC): ${lines.length} of ${total}`;
  const blocks: Block[] = [section(head), ...pack(lines)];
  if (total > lines.length) {
    blocks.push(
      section(
        `… and ${total - lines.length} more (use \`trailwatch findings --format json\` or the CloudTrail console, Event history, filtered by the event ids)`,
      ),
    );
  }
  if (lines.length === 0 && total === 0)
    blocks.push(section('No events are stored for this finding any more.'));
  return {
    text: `Events of finding ${safeText(options.findingId, 80)}: ${lines.length} of ${total}`,
    blocks,
  };
}
