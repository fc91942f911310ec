import { describe, expect, it } from 'vitest';
import { s3AclMadePublic } from '../../../src/detectors/s3-acl-made-public.js';
import { detect, record } from '../../helpers/records.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const grant = (URI: string, Permission = 'READ') => ({
  Grantee: { 'xsi:type': 'Group', URI, 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' },
  Permission,
});
const putAcl = (requestParameters: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketAcl',
    readOnly: false,
    requestParameters: { bucketName: 'hr-archive', acl: [''], ...requestParameters },
    ...overrides,
  });
const ownerGrant = { Grantee: { 'xsi:type': 'CanonicalUser', ID: 'abc123' }, Permission: 'FULL_CONTROL' };

describe('s3-acl-made-public', () => {
  it('when a bucket ACL grants AllUsers, raises a high finding naming the bucket and the group', () => {
    const event = putAcl({
      AccessControlPolicy: { AccessControlList: { Grant: [ownerGrant, grant(ALL_USERS)] } },
    });
    const [finding, ...rest] = detect(s3AclMadePublic, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('everyone (AllUsers)');
    expect(finding?.summary).toContain('bucket hr-archive');
  });

  it('when the ACL has a single AuthenticatedUsers grant (not a list), still catches it', () => {
    const [finding] = detect(s3AclMadePublic, [
      putAcl({
        AccessControlPolicy: {
          AccessControlList: { Grant: grant('http://acs.amazonaws.com/groups/global/AuthenticatedUsers') },
        },
      }),
    ]);
    expect(finding?.summary).toContain('every AWS account (AuthenticatedUsers)');
  });

  it('when a canned public-read ACL is set on one object, reports it at medium naming the key', () => {
    const [finding] = detect(s3AclMadePublic, [
      putAcl({ key: 'payroll/2026-02.csv', 'x-amz-acl': ['public-read'] }, { eventName: 'PutObjectAcl' }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('object payroll/2026-02.csv in bucket hr-archive');
  });

  it('when a grant header names AllUsers, catches it too', () => {
    const [finding] = detect(s3AclMadePublic, [putAcl({ 'x-amz-grant-read': `uri="${ALL_USERS}"` })]);
    expect(finding?.severity).toBe('high');
  });

  it('when the ACL stays private or grants only the log-delivery group, stays quiet', () => {
    const events = [
      putAcl({ 'x-amz-acl': ['private'] }),
      putAcl({
        AccessControlPolicy: {
          AccessControlList: {
            Grant: [ownerGrant, grant('http://acs.amazonaws.com/groups/s3/LogDelivery', 'WRITE')],
          },
        },
      }),
    ];
    expect(detect(s3AclMadePublic, events)).toEqual([]);
  });
});
