import { describe, expect, it } from 'vitest';
import { createKeyLineage, LINEAGE_TTL_MS } from '../../../src/cloudtrail/key-lineage.js';
import { createMemoryStateStore } from '../../../src/store/memory-state-store.js';
import { ACCOUNT, assumedRole, iamUser, record, toEvent } from '../../helpers/records.js';

const STOLEN = 'AKIAIOSFODNN7EXAMPLE';
const SESSION = 'ASIAEXAMPLESESSION01';
const OUTSIDER = '444455556666';

const sessionIssued = (
  eventName: string,
  caller: Record<string, unknown> = iamUser('alice', STOLEN),
  issued = SESSION,
) =>
  toEvent(
    record({
      eventSource: 'sts.amazonaws.com',
      eventName,
      userIdentity: caller,
      responseElements: { credentials: { accessKeyId: issued, sessionToken: '<redacted>' } },
    }),
  );
const callWith = (accessKeyId: string) =>
  toEvent(record({ userIdentity: assumedRole('DeployRole', 'x', accessKeyId) }));
const outsiderAssumes = (roleName: string) =>
  toEvent(
    record({
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      userIdentity: { type: 'AWSAccount', principalId: 'AIDAOUTSIDER', accountId: OUTSIDER },
      recipientAccountId: ACCOUNT,
      requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/ops/${roleName}`, roleSessionName: 'm' },
    }),
  );
const trustSet = (roleName: string, overrides: Record<string, unknown> = {}) =>
  toEvent(
    record({
      eventName: 'UpdateAssumeRolePolicy',
      userIdentity: iamUser('alice', STOLEN),
      requestParameters: { roleName, policyDocument: '{}' },
      ...overrides,
    }),
  );

describe('createKeyLineage', () => {
  it.each(['GetSessionToken', 'GetFederationToken', 'AssumeRole'])(
    'traces a session a key issued with %s back to the key',
    (eventName) => {
      const lineage = createKeyLineage(createMemoryStateStore());
      lineage.learn(sessionIssued(eventName));
      expect(lineage.sourceOf(callWith(SESSION))).toBe(STOLEN);
      expect(lineage.sourceOf(callWith('ASIAEXAMPLEUNRELATED'))).toBeUndefined();
    },
  );

  it('traces a session made from a session to the first key', () => {
    const lineage = createKeyLineage(createMemoryStateStore());
    lineage.learn(sessionIssued('GetSessionToken'));
    lineage.learn(sessionIssued('AssumeRole', assumedRole('Admin', 's', SESSION), 'ASIAEXAMPLECHAINED1'));
    expect(lineage.sourceOf(callWith('ASIAEXAMPLECHAINED1'))).toBe(STOLEN);
  });

  it('traces an outside account assuming a role whose trust the key set, whatever the role path', () => {
    const lineage = createKeyLineage(createMemoryStateStore());
    lineage.learn(trustSet('support-readonly'));
    expect(lineage.sourceOf(outsiderAssumes('support-readonly'))).toBe(STOLEN);
    expect(lineage.sourceOf(outsiderAssumes('another-role'))).toBeUndefined();
  });

  it('links nothing for a failed call', () => {
    const lineage = createKeyLineage(createMemoryStateStore());
    lineage.learn(trustSet('support-readonly', { errorCode: 'AccessDenied' }));
    expect(lineage.sourceOf(outsiderAssumes('support-readonly'))).toBeUndefined();
  });

  it('keeps its links in the state store for the next batch, for as long as a session lasts', async () => {
    const store = createMemoryStateStore();
    const first = createKeyLineage(store);
    first.learn(sessionIssued('GetFederationToken'));
    const writes = first.drain();
    expect(writes).toEqual([{ key: `l:k:${SESSION}`, value: STOLEN, ttlMs: LINEAGE_TTL_MS }]);
    await store.setMany(writes);
    const next = createKeyLineage(store);
    const later = callWith(SESSION);
    expect(next.sourceOf(later)).toBeUndefined();
    await next.load([later]);
    expect(next.sourceOf(later)).toBe(STOLEN);
  });
});
