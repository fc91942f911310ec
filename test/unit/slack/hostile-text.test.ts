/**
 * Every writer of Slack text, fed hostile text in every field: no `<!here>`, mention, link or raw `&`
 * survives, truncation never leaves half an entity, and every message stays within Block Kit's limits.
 */

import { describe, expect, it } from 'vitest';
import type { CommandContext, CommandReply, StatusReport } from '../../../commands/command.js';
import { routeTrailCommand } from '../../../commands/router.js';
import { continueWhoDid } from '../../../commands/who-did.js';
import { checkBlocks, checkMessage } from '../../../src/block-kit/limits.js';
import { TrailwatchError } from '../../../src/errors.js';
import type { Finding } from '../../../src/findings/finding.js';
import { FindingNotFoundError } from '../../../src/findings/findings-store.js';
import type { Ask } from '../../../src/remediation/ask/ask.js';
import type { AskService } from '../../../src/remediation/ask/ask-service.js';
import type { AuditEntry, AuditLog } from '../../../src/remediation/audit-log.js';
import type { RemediationRequest, RequestStatus } from '../../../src/remediation/remediation-request.js';
import type { RemediationService } from '../../../src/remediation/remediation-service.js';
import type { PersistenceChecklist } from '../../../src/remediation/watch/persistence-sweep.js';
import type { WatchReport } from '../../../src/remediation/watch/watch-report.js';
import { renderAppHome } from '../../../src/slack/cards/app-home.js';
import {
  renderAskActorCard,
  renderAskAnswered,
  renderAskEscalation,
} from '../../../src/slack/cards/ask-actor.js';
import { renderAuditLine } from '../../../src/slack/cards/audit-line.js';
import { type EventLine, renderEventsList } from '../../../src/slack/cards/events-list.js';
import { renderFindingCard } from '../../../src/slack/cards/finding-card.js';
import { renderIncidentCard } from '../../../src/slack/cards/incident-card.js';
import { renderPersistenceChecklist } from '../../../src/slack/cards/persistence-checklist.js';
import { approvalRefusalText, renderErrorReply, renderRefusal } from '../../../src/slack/cards/refusal.js';
import { renderRemediationCard } from '../../../src/slack/cards/remediation-card.js';
import { renderWatchReport } from '../../../src/slack/cards/watch-report.js';
import { createAskPort } from '../../../src/slack/contain/ask-port.js';
import { remediationCommands } from '../../../src/slack/contain/remediation-commands.js';
import { transitionRefusal } from '../../../src/slack/listeners/actions/transition-refusal.js';
import { renderDigest } from '../../../src/slack/notify/render-digest.js';
import { burst } from '../../contract/findings-store.fixtures.js';
import { iamUser, record } from '../../helpers/records.js';
import { contextFor, events, keyDirectory, scriptedLookup, USER } from '../commands/command-fixture.js';
import { HOSTILE, HOSTILE_LONG, hostile, mrkdwnProblems } from './hostile-text.js';
import {
  SAMPLE_IP_INFO,
  SAMPLE_KEY,
  SAMPLE_KEY_INFO,
  sampleFinding,
  sampleIncident,
} from './sample-finding.js';

type Message = { text?: string; blocks: unknown[] };

function expectSafe(message: Message | string, trustedIds: readonly string[] = []): void {
  expect(mrkdwnProblems(message, trustedIds)).toEqual([]);
  if (typeof message !== 'string') expect(checkMessage(message)).toEqual([]);
}

const asMessage = (reply: CommandReply): Message => ({ text: reply.text, blocks: reply.blocks ?? [] });

const STATUSES: RequestStatus[] = [
  'pending',
  'approved',
  'executing',
  'succeeded',
  'failed',
  'denied',
  'expired',
];

function remediationRequest(status: RequestStatus): RemediationRequest {
  return {
    id: 'rem-0123',
    kind: 'deactivate-access-key',
    target: { accountId: '111122223333', userName: 'alice', accessKeyId: SAMPLE_KEY },
    plan: {
      title: 'Deactivate',
      lines: ['iam:UpdateAccessKey'],
      warnings: ['sessions live on'],
      undo: 'reactivate',
      reversible: true,
    },
    requestedBy: 'U0AAAAAAA',
    requestedAt: '2026-11-29T03:20:00Z',
    expiresAt: '2026-11-29T03:50:00Z',
    status,
    reason: 'a reason',
    decidedBy: 'U0BBBBBBB',
    decidedAt: '2026-11-29T03:22:00Z',
    denyReason: 'a deny reason',
    execution: {
      startedAt: '2026-11-29T03:23:00Z',
      finishedAt: '2026-11-29T03:24:00Z',
      steps: [{ name: 'UpdateAccessKey', ok: status === 'succeeded', detail: 'a detail' }],
      error: 'an error',
    },
  };
}

const ask: Ask = {
  id: 'ask-1',
  incidentId: 'inc-1',
  findingId: 'tw-1',
  person: 'U0ALICE01',
  via: 'config',
  subject: {
    title: 'a title',
    summary: 'a summary',
    principalArn: 'arn',
    accountId: '111122223333',
    accessKeyId: SAMPLE_KEY,
    eventNames: ['CreateAccessKey'],
    sourceIPs: ['203.0.113.7'],
    regions: ['us-east-1'],
    firstSeen: '2026-11-29T03:00:00Z',
    lastSeen: '2026-11-29T03:12:00Z',
  },
  status: 'pending',
  createdAt: '2026-11-29T03:15:00.000Z',
  dueAt: '2026-11-29T03:30:00.000Z',
  timeoutMinutes: 15,
};

const watchReport: WatchReport = {
  requestId: 'rem-1',
  round: 2,
  rounds: 6,
  target: { accountId: '111122223333', accessKeyId: SAMPLE_KEY, userName: 'alice', regions: ['us-east-1'] },
  since: '2026-11-29T03:00:00.000Z',
  until: '2026-11-29T03:10:00.000Z',
  status: 'in-use',
  sources: [
    {
      ip: '203.0.113.7',
      network: 'AS64500',
      asOrg: 'EXAMPLE-NET',
      country: 'NL',
      calls: 12,
      lastAt: '2026-11-29T03:08:00.000Z',
      eventNames: ['ListBuckets'],
      accessKeyIds: [SAMPLE_KEY],
    },
  ],
  moreSources: 3,
  denied: {
    attempts: 2,
    lastAt: '2026-11-29T03:09:00.000Z',
    ips: ['1.2.3.4'],
    eventNames: ['ListUsers'],
    errorCodes: ['AccessDenied'],
  },
  truncated: true,
};

const checklist: PersistenceChecklist = {
  accountId: '111122223333',
  principal: { arn: 'arn', userName: 'alice', accessKeyId: SAMPLE_KEY },
  regions: ['us-east-1'],
  window: { start: '2026-11-29T02:00:00.000Z', end: '2026-11-29T03:30:00.000Z' },
  items: [
    {
      eventId: 'e-1',
      eventName: 'CreateAccessKey',
      eventTime: '2026-11-29T03:04:00Z',
      region: 'us-east-1',
      sourceIp: '203.0.113.7',
      what: 'new access key for user svc-backup',
      todo: 'Deactivate it',
      subjects: ['svc-backup'],
    },
  ],
  eventsRead: 57,
  truncated: true,
};

const eventLine: EventLine = {
  time: '2026-11-29T03:00:00Z',
  eventName: 'ListUsers',
  eventSource: 'iam.amazonaws.com',
  sourceIp: '203.0.113.7',
  region: 'us-east-1',
  userAgent: 'aws-cli/2.15.0',
  eventId: 'evt-1',
};

const auditEntry: AuditEntry = {
  at: '2026-11-29T22:05:00.000Z',
  type: 'requested',
  requestId: 'rem-5',
  actor: 'U0ALICE',
  summary: 'asked to run deactivate-access-key',
  detail: 'the reason',
};

const variants = [
  ['short hostile text', HOSTILE],
  ['5,000-character hostile text', HOSTILE_LONG],
] as const;

describe.each(variants)('with %s in every field', (_, text) => {
  describe('every card renderer in src/slack/cards', () => {
    it('the finding card, full and compact, with hostile key, IP, account, runbook and mute', () => {
      const finding = hostile(sampleFinding(), text);
      const ctx = {
        keyInfo: hostile(SAMPLE_KEY_INFO, text),
        ipInfo: new Map([...hostile(SAMPLE_IP_INFO, text).values()].map((info) => [text, info])),
        accountName: text,
        detectorDescription: text,
        runbook: [text, text, text],
        mute: { detector: text, principalArn: text, until: text, by: text, reason: text, createdAt: text },
      } satisfies Parameters<typeof renderFindingCard>[1];
      expectSafe(renderFindingCard(finding, ctx));
      expectSafe(renderFindingCard(finding, { ...ctx, compact: true }));
    });

    it('the incident card', () => {
      expectSafe(
        renderIncidentCard(hostile(sampleIncident(), text), {
          accountName: text,
          keyInfo: hostile(SAMPLE_KEY_INFO, text),
        }),
      );
    });

    it('App Home', () => {
      const view = renderAppHome({
        openIncidents: [hostile(sampleIncident(), text)],
        pendingApprovals: [
          hostile(
            { id: 'rem-1', actionSummary: 'a', requestedBy: 'U0', requestedAt: 'x', expiresAt: 'y' },
            text,
          ),
        ],
        pollers: [hostile({ accountId: 'a', region: 'r', lastSuccess: 'x', lastError: 'e' }, text)],
        now: Date.parse('2026-11-29T05:00:00Z'),
        accountNames: { '111122223333': text },
      });
      expect(mrkdwnProblems({ blocks: view.blocks })).toEqual([]);
      expect(checkBlocks(view.blocks, 'home')).toEqual([]);
    });

    it('the ask DM, answered and escalated', () => {
      const hostileAsk = hostile(ask, text);
      expectSafe(renderAskActorCard(hostileAsk));
      const answered = {
        ...hostileAsk,
        status: 'answered' as const,
        answer: { by: text, answer: 'no' as const, reason: text, at: text },
      };
      expectSafe(renderAskActorCard(answered));
      expectSafe(renderAskAnswered(answered));
      expectSafe(renderAskEscalation({ ...hostileAsk, status: 'escalated' }));
    });

    it.each(STATUSES)('the remediation request card, %s', (status) => {
      expectSafe(
        renderRemediationCard(hostile(remediationRequest(status), text), {
          now: Date.parse('2026-11-29T03:30:00Z'),
          accountName: text,
        }),
      );
    });

    it('the events list, the watch report and the persistence checklist', () => {
      expectSafe(
        renderEventsList([hostile(eventLine, text), hostile(eventLine, text)], { total: 9, findingId: text }),
      );
      expectSafe(renderWatchReport(hostile(watchReport, text)));
      expectSafe(renderWatchReport({ ...hostile(watchReport, text), status: 'denied' }));
      expectSafe(renderPersistenceChecklist(hostile(checklist, text)));
    });

    it('refusals and error replies', () => {
      expectSafe(
        renderRefusal({ action: text, reason: text, authorised: { userIds: [text], userGroupIds: [text] } }),
      );
      expectSafe(renderErrorReply({ error: new TrailwatchError('x', text), reference: text, doing: text }));
      expectSafe(
        approvalRefusalText({
          message: `<@U0BBBBBBB> already denied this request (${text})`,
          decidedBy: 'U0BBBBBBB',
        }),
        ['U0BBBBBBB'],
      );
      expectSafe(approvalRefusalText({ message: text, decidedBy: text }));
    });

    it('the audit line (the audit channel and /trail audit)', () => {
      expectSafe(renderAuditLine(hostile(auditEntry, text)));
    });

    it('the folded-findings digest', () => {
      expectSafe(
        renderDigest(
          new Map([
            [text, 3],
            [`${text}2`, 1],
          ]),
        ),
      );
    });
  });

  describe('every /trail command reply', () => {
    const hostileEvents = () =>
      events([
        record({
          userIdentity: iamUser(`bob${text}`.slice(0, 60), SAMPLE_KEY),
          eventName: text,
          sourceIPAddress: text,
          userAgent: text,
          awsRegion: text,
          errorCode: text,
        }),
      ]);

    async function commandContext(): Promise<CommandContext> {
      const finding: Finding = {
        ...burst({ accessKeyId: SAMPLE_KEY }),
        title: text,
        summary: text,
        principal: { arn: text, type: 'IAMUser', accountId: '123456789012', userName: text },
        sourceIPs: [text],
        regions: [text],
        userAgents: [text],
        eventNames: [text],
      };
      const entries = Array.from({ length: 12 }, () => hostile(auditEntry, text));
      const audit: AuditLog = {
        append: async () => '0-1',
        list: async () => entries.map((entry, i) => ({ ...entry, id: `${i}-0` })),
      };
      const refusal = { ok: false as const, refusal: { code: 'unknown_access_key' as const, message: text } };
      const service = { requestKeyDeactivation: async () => refusal } as unknown as RemediationService;
      const ctx = contextFor({
        lookup: scriptedLookup(Array.from({ length: 6 }, () => ({ events: hostileEvents(), malformed: 2 })))
          .lookup,
        keys: keyDirectory([
          { ...hostile(SAMPLE_KEY_INFO, text), accessKeyId: SAMPLE_KEY, accountId: '123456789012' },
        ]),
        status: async (): Promise<StatusReport> => ({
          pollers: [
            {
              accountId: text,
              region: text,
              lastSuccess: text,
              lagSeconds: 9_999,
              lastError: { at: text, what: text },
            },
          ],
          queues: { [text]: { waiting: 1, failed: 2 } },
          recentErrors: [{ at: text, what: text }],
        }),
        remediation: remediationCommands({
          asker: { userId: USER },
          service,
          containment: {} as never,
          cards: {} as never,
          audit,
        }),
      });
      await ctx.findings.upsert([finding]);
      await ctx.findings.acknowledge(finding.id, { by: text });
      return ctx;
    }

    const commands = [
      'help',
      '<!here> <@U123>',
      'who-did CreateUser --since 1h',
      `who-did ${HOSTILE.split(' ')[0]}`,
      `key ${SAMPLE_KEY}`,
      'findings open',
      'findings mine --severity info',
      'status',
      `mute iam-user-created 1h "${HOSTILE.replace(/"/g, '')}"`,
      `mute <!here> 1h`,
      'unmute <!channel>',
      `deactivate-key ${SAMPLE_KEY} ${HOSTILE}`,
      'audit 12',
      '"unclosed <!here>',
    ];

    it.each(commands)('/trail %s', async (command) => {
      const ctx = await commandContext();
      const reply = await routeTrailCommand(
        command === 'help' ? 'help' : `${command} ${text.slice(0, 300).replace(/"/g, '')}`.trim(),
        ctx,
      );
      expectSafe(asMessage(reply));
      expectSafe(asMessage(await routeTrailCommand(command, ctx)));
    });

    it('the who-did "More" button with a hostile value', async () => {
      expectSafe(asMessage(await continueWhoDid(text, await commandContext())));
    });
  });

  describe('replies to buttons', () => {
    it('the answer to "did you do this?" when it is refused', async () => {
      const asks = {
        recordAnswer: async () => ({ ok: false, code: 'answer_invalid', message: text }),
      } as unknown as AskService;
      const port = createAskPort({
        asks,
        containment: { requestFirst: async () => '' },
        findings: { get: async () => undefined },
      });
      expectSafe(asMessage(await port.answer(text, { userId: USER }, 'yes', text)));
    });

    it('a click on a finding whose state refuses the change', async () => {
      const result = await transitionRefusal(() => Promise.reject(new FindingNotFoundError(text)));
      expect(result.ok).toBe(false);
      if (!result.ok) expectSafe(result.reply.text);
    });
  });
});
