/** Which containment trailwatch offers for a finding, and what it refuses to offer and why (in-memory store, no AWS). */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { RemediateQueue } from '../../../jobs/queues.js';
import { AwsError } from '../../../src/aws/aws-error.js';
import { createRemediationActions } from '../../../src/aws/containment/registry.js';
import { RemediationConfigSchema } from '../../../src/config/slack-config.js';
import type { AccessKeyDirectory, AccessKeyInfo } from '../../../src/remediation/access-key-directory.js';
import { createMemoryApprovalStore } from '../../../src/remediation/approval-memory-store.js';
import type { AuditEntry, AuditLog } from '../../../src/remediation/audit-log.js';
import { createRemediationService } from '../../../src/remediation/remediation-service.js';
import { SAMPLE_KEY, sampleFinding } from '../slack/sample-finding.js';

const ACCOUNT = '111122223333';
const NOW = Date.parse('2026-11-29T03:20:00Z');

function directory(known: Record<string, AccessKeyInfo | Error>): AccessKeyDirectory {
  return {
    async describe(accessKeyId) {
      const answer = known[accessKeyId];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

function service(keys: AccessKeyDirectory = directory({})) {
  const entries: AuditEntry[] = [];
  const audit: AuditLog = {
    async append(entry) {
      entries.push(entry);
      return String(entries.length);
    },
    async list() {
      return [];
    },
  };
  const added: unknown[] = [];
  const queue = { add: async (...args: unknown[]) => added.push(args) } as unknown as RemediateQueue;
  const svc = createRemediationService({
    approvals: createMemoryApprovalStore({ now: () => NOW, audit }),
    audit,
    actions: createRemediationActions(),
    keys,
    config: RemediationConfigSchema.parse({}),
    accounts: [{ id: ACCOUNT, responderRoleArn: `arn:aws:iam::${ACCOUNT}:role/trailwatch-responder` }],
    queue,
    now: () => NOW,
    logger: pino({ level: 'silent' }),
  });
  return { svc, entries, added };
}

const owner: AccessKeyInfo = { accessKeyId: SAMPLE_KEY, accountId: ACCOUNT, userName: 'bob' };

describe('proposeForFinding', () => {
  it('for a finding with an AKIA key, offers deactivating it (owner from the directory) and revoking the owner’s sessions', async () => {
    const { svc } = service(directory({ [SAMPLE_KEY]: owner }));
    const proposal = await svc.proposeForFinding(sampleFinding());

    expect(proposal.unavailable).toEqual([]);
    expect(proposal.options.map((o) => [o.kind, o.target])).toEqual([
      ['deactivate-access-key', { accountId: ACCOUNT, userName: 'bob', accessKeyId: SAMPLE_KEY }],
      ['revoke-sessions', { accountId: ACCOUNT, userName: 'bob' }],
    ]);
    expect(proposal.options[0]?.plan.lines[0]).toContain('UserName=bob');
  });

  it('when nobody knows the key, or AWS cannot be asked, offers nothing and says so', async () => {
    const unknown = await service().svc.proposeForFinding(sampleFinding());
    const failing = await service(
      directory({
        [SAMPLE_KEY]: new AwsError('aws_key_lookup_failed', 'x', { accountId: ACCOUNT, retryable: true }),
      }),
    ).svc.proposeForFinding(sampleFinding());

    expect(unknown).toEqual({
      options: [],
      unavailable: [{ code: 'unknown_access_key', message: expect.stringContaining(SAMPLE_KEY) }],
    });
    expect(failing.unavailable.map((u) => u.code)).toEqual(['key_lookup_failed']);
  });

  it('for an assumed-role session, offers revoking the role’s sessions and warns it hits every session', async () => {
    const finding = sampleFinding({
      accessKeyId: 'ASIAFAKESESSION00001',
      principal: {
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/i-0abc`,
        type: 'AssumedRole',
        accountId: ACCOUNT,
      },
    });
    const proposal = await service().svc.proposeForFinding(finding);

    expect(proposal.options.map((o) => [o.kind, o.target.roleName])).toEqual([['revoke-sessions', 'deploy']]);
    expect(proposal.options[0]?.plan.warnings[0]).toContain('EVERY current session of role deploy');
  });

  it('for an IAM user without a key, offers quarantine and deleting the login profile', async () => {
    const finding = sampleFinding({ accessKeyId: undefined });
    const proposal = await service().svc.proposeForFinding(finding);

    expect(proposal.options.map((o) => o.kind)).toEqual(['quarantine-user', 'delete-login-profile']);
  });

  it('for root, an AWS service, a break-glass role or a network finding without its rule, offers nothing and says why', async () => {
    const { svc } = service();
    const root = await svc.proposeForFinding(
      sampleFinding({
        accessKeyId: undefined,
        principal: { arn: `arn:aws:iam::${ACCOUNT}:root`, type: 'Root', accountId: ACCOUNT },
      }),
    );
    const awsService = await svc.proposeForFinding(
      sampleFinding({
        accessKeyId: undefined,
        principal: { arn: 'ec2.amazonaws.com', type: 'AWSService', accountId: ACCOUNT },
      }),
    );
    const breakGlass = await svc.proposeForFinding(
      sampleFinding({
        accessKeyId: undefined,
        principal: {
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/break-glass-admin/x`,
          type: 'AssumedRole',
          accountId: ACCOUNT,
        },
      }),
    );
    const network = await svc.proposeForFinding(
      sampleFinding({
        category: 'network-exposure',
        accessKeyId: undefined,
        principal: { arn: `arn:aws:iam::${ACCOUNT}:root`, type: 'Root', accountId: ACCOUNT },
      }),
    );

    expect(root).toEqual({
      options: [],
      unavailable: [{ code: 'not_containable', message: expect.stringContaining('root') }],
    });
    expect(awsService.unavailable.map((u) => u.code)).toEqual(['not_containable']);
    expect(breakGlass.unavailable.map((u) => u.code)).toEqual(['protected_principal']);
    expect(network.unavailable[0]?.message).toContain('does not say which security-group rule');
  });

  it('for a network finding that carries its rule, offers revoking exactly that rule', async () => {
    const finding = Object.assign(sampleFinding({ category: 'network-exposure', accessKeyId: undefined }), {
      securityGroupRule: {
        region: 'eu-west-1',
        groupId: 'sg-0123456789abcdef0',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        cidr: '0.0.0.0/0',
      },
    });
    const proposal = await service().svc.proposeForFinding(finding);

    expect(proposal.options[0]).toMatchObject({
      kind: 'revoke-security-group-rule',
      target: { groupId: 'sg-0123456789abcdef0', cidr: '0.0.0.0/0', fromPort: 22 },
    });
  });
});

describe('request', () => {
  it('stores a pending request with the plan, the ttl from config and the origin, and queues nothing yet', async () => {
    const { svc, entries, added } = service();
    const outcome = await svc.request({
      kind: 'revoke-sessions',
      target: { accountId: ACCOUNT, roleName: 'deploy' },
      requestedBy: 'U0AAAAAAA',
      reason: '  stolen session  ',
      origin: { channel: 'C0ALERTS', threadTs: '1795990680.000100' },
    });

    expect(outcome).toMatchObject({
      ok: true,
      request: {
        status: 'pending',
        reason: 'stolen session',
        requestedAt: '2026-11-29T03:20:00.000Z',
        expiresAt: '2026-11-29T03:50:00.000Z',
        origin: { channel: 'C0ALERTS', threadTs: '1795990680.000100' },
        plan: {
          reversible: true,
          title: 'Revoke the active sessions of role deploy in account 111122223333',
        },
      },
    });
    expect(entries.map((e) => e.type)).toEqual(['requested']);
    expect(added).toEqual([]);
  });

  it('refuses a session key for /trail deactivate-key and points at revoking sessions instead', async () => {
    const outcome = await service().svc.requestKeyDeactivation('ASIAFAKESESSION00001', 'U0AAAAAAA');

    expect(outcome).toMatchObject({ ok: false, refusal: { code: 'target_incomplete' } });
    expect(!outcome.ok && outcome.refusal.message).toContain('revoking sessions');
  });
});
