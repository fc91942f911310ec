import { describe, expect, it } from 'vitest';
import type { RemediationRequest } from '../../../src/remediation/remediation-request.js';
import { containedAt, roundDueAt, watchRounds } from '../../../src/remediation/watch/watch-schedule.js';
import { watchTargetOf } from '../../../src/remediation/watch/watch-target.js';

const T = Date.parse('2026-03-02T10:00:00Z');
const request = (overrides: Partial<RemediationRequest> = {}): RemediationRequest => ({
  id: 'rem-1',
  kind: 'deactivate-access-key',
  target: { accountId: '123456789012', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'alice' },
  plan: { lines: [], warnings: [] },
  requestedBy: 'U0AAAAAAA',
  requestedAt: '2026-03-02T09:55:00Z',
  expiresAt: '2026-03-02T10:25:00Z',
  status: 'succeeded',
  decidedAt: '2026-03-02T09:58:00Z',
  execution: { finishedAt: '2026-03-02T10:00:00Z', steps: [] },
  ...overrides,
});

describe('watch schedule', () => {
  it('has one round per interval up to watchMinutes, the last one due exactly at watchMinutes', () => {
    expect(watchRounds({ watchMinutes: 30 })).toBe(6);
    expect(watchRounds({ watchMinutes: 32, intervalMinutes: 5 })).toBe(7);
    expect(watchRounds({ watchMinutes: 3 })).toBe(1);
    expect(roundDueAt(T, 1, { watchMinutes: 32 })).toBe(T + 5 * 60_000);
    expect(roundDueAt(T, 7, { watchMinutes: 32 })).toBe(T + 32 * 60_000);
  });

  it('takes the containment time from the execution, else from the decision', () => {
    expect(containedAt(request())).toBe(T);
    expect(containedAt(request({ execution: { steps: [] } }))).toBe(Date.parse('2026-03-02T09:58:00Z'));
    expect(containedAt(request({ execution: { steps: [] }, decidedAt: undefined }))).toBeUndefined();
  });
});

describe('watch target', () => {
  it('watches the key and user in us-east-1, the extra regions, the target region and the finding regions, once each', () => {
    const target = watchTargetOf(
      request({
        target: {
          accountId: '123456789012',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          userName: 'alice',
          region: 'eu-west-1',
        },
      }),
      {
        principal: {
          arn: 'arn:aws:iam::123456789012:user/alice',
          type: 'IAMUser',
          accountId: '123456789012',
        },
        regions: ['eu-west-1', 'ap-south-1'],
      },
      ['us-east-1', 'us-west-2'],
    );

    expect(target).toEqual({
      accountId: '123456789012',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'alice',
      principalArn: 'arn:aws:iam::123456789012:user/alice',
      regions: ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-south-1'],
    });
  });

  it('watches a role session by its session name and the key from the finding', () => {
    const target = watchTargetOf(request({ target: { accountId: '123456789012', roleName: 'Deploy' } }), {
      principal: {
        arn: 'arn:aws:sts::123456789012:assumed-role/Deploy/ci-42',
        type: 'AssumedRole',
        accountId: '123456789012',
      },
      regions: [],
      accessKeyId: 'ASIAEXAMPLETEMPKEY01',
    });

    expect(target).toMatchObject({
      userName: 'ci-42',
      accessKeyId: 'ASIAEXAMPLETEMPKEY01',
      regions: ['us-east-1'],
    });
  });
});
