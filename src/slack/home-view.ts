/** The App Home data: open incidents, pending approvals and poller health, read fresh for each view. */
import type { StatusReport } from '../../commands/command.js';
import type { HomeView } from '../block-kit/types.js';
import type { FindingsStore } from '../findings/findings-store.js';
import { type PendingApprovalLine, renderAppHome } from './cards/app-home.js';

export interface HomeViewOptions {
  findings: FindingsStore;
  status: () => Promise<StatusReport>;
  /** Pending containment requests; none until remediation is configured. */
  pendingApprovals?: () => Promise<PendingApprovalLine[]>;
  accountNames: ReadonlyMap<string, string>;
  now: () => number;
}

export function createHomeView(options: HomeViewOptions): (userId: string) => Promise<HomeView> {
  return async () => {
    const [openIncidents, status, pendingApprovals] = await Promise.all([
      options.findings.listIncidents({ open: true, limit: 50 }),
      options.status(),
      options.pendingApprovals?.() ?? Promise.resolve([]),
    ]);
    return renderAppHome({
      openIncidents,
      pendingApprovals,
      pollers: status.pollers.map(({ lastError, ...poller }) => ({
        ...poller,
        ...(lastError ? { lastError: lastError.what } : {}),
      })),
      now: options.now(),
      accountNames: Object.fromEntries(options.accountNames),
    });
  };
}
