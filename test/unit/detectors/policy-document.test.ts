import { describe, expect, it } from 'vitest';
import {
  broadGrant,
  externalAccounts,
  onlyDenies,
  trustReach,
} from '../../../src/detectors/policy-document.js';

const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('policy-document', () => {
  it('reads "*" on "*" as a grant of everything, also URL-encoded and as a single statement object', () => {
    expect(broadGrant(doc({ Effect: 'Allow', Action: '*', Resource: '*' }))).toBe('everything');
    expect(broadGrant(encodeURIComponent(doc({ Effect: 'Allow', Action: ['*'], Resource: ['*'] })))).toBe(
      'everything',
    );
    expect(broadGrant(JSON.stringify({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }))).toBe(
      'everything',
    );
  });

  it('reads an Allow with NotAction on every resource as a grant of everything', () => {
    expect(broadGrant(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))).toBe('everything');
  });

  it('reads iam:* on every resource as an IAM grant, and narrow or deny statements as neither', () => {
    expect(broadGrant(doc({ Effect: 'Allow', Action: 'IAM:*', Resource: '*' }))).toBe('iam');
    expect(broadGrant(doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/*' }))).toBeUndefined();
    expect(broadGrant(doc({ Effect: 'Deny', Action: '*', Resource: '*' }))).toBeUndefined();
    expect(broadGrant('not json')).toBeUndefined();
  });

  it('tells deny-only documents apart', () => {
    expect(onlyDenies(doc({ Effect: 'Deny', Action: '*', Resource: '*' }))).toBe(true);
    expect(
      onlyDenies(
        doc(
          { Effect: 'Deny', Action: '*', Resource: '*' },
          { Effect: 'Allow', Action: 's3:*', Resource: '*' },
        ),
      ),
    ).toBe(false);
    expect(onlyDenies(undefined)).toBe(false);
  });

  it('ranks trust policies by their widest Allow principal', () => {
    const own = '123456789012';
    expect(trustReach(doc({ Effect: 'Allow', Principal: '*' }), own)).toBe('anyone');
    expect(trustReach(doc({ Effect: 'Allow', Principal: { AWS: '*' } }), own)).toBe('anyone');
    expect(trustReach(doc({ Effect: 'Allow', Principal: { AWS: '210987654321' } }), own)).toBe(
      'external-account',
    );
    expect(trustReach(doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${own}:role/x` } }), own)).toBe(
      'same-account',
    );
    expect(
      trustReach(doc({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' } }), own),
    ).toBe('federated');
    expect(trustReach(doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }), own)).toBe(
      'service',
    );
    expect(trustReach(doc({ Effect: 'Deny', Principal: '*' }), own)).toBe('none');
    expect(trustReach(undefined, own)).toBe('none');
  });

  it('lists the outside accounts a trust policy names', () => {
    const trust = doc({
      Effect: 'Allow',
      Principal: {
        AWS: ['arn:aws:iam::210987654321:root', 'arn:aws:sts::123456789012:assumed-role/a/b', '111122223333'],
      },
    });
    expect(externalAccounts(trust, '123456789012')).toEqual(['210987654321', '111122223333']);
  });
});
