/** The watch's reports in the containment request's thread: one note for the watch, one for the checklist. */
import type { WatchReporter } from '../../remediation/watch/watch-reporter.js';
import { renderPersistenceChecklist } from '../cards/persistence-checklist.js';
import { renderWatchReport } from '../cards/watch-report.js';
import type { ThreadNotes } from './thread-notes.js';

export function createSlackWatchReporter(notes: ThreadNotes): WatchReporter {
  return {
    async report(request, report) {
      if (!request.message) return;
      // One message for the whole watch, updated each round: the thread shows where it stands now.
      await notes.put(
        `watch:${request.id}`,
        { channel: request.message.channel, threadTs: request.message.ts },
        renderWatchReport(report),
      );
    },
    async reportChecklist(request, checklist) {
      if (!request.message) return;
      await notes.put(
        `checklist:${request.id}`,
        { channel: request.message.channel, threadTs: request.message.ts },
        renderPersistenceChecklist(checklist),
      );
    },
  };
}
