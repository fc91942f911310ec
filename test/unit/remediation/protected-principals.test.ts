import { describe, expect, it } from 'vitest';
import { isProtected } from '../../../src/remediation/protected-principals.js';

const config = {
  botRoleArns: ['arn:aws:iam::123456789012:role/security/trailwatch-responder'],
  breakGlassPatterns: ['break-glass*', '*-emergency'],
  protectedArns: ['arn:aws:iam::123456789012:user/ceo', 'arn:aws:iam::444455556666:role/payments'],
};

describe('isProtected', () => {
  it("protects the bot's own role, also as an assumed-role session (which drops the path)", () => {
    expect(isProtected('arn:aws:iam::123456789012:role/security/trailwatch-responder', config)).toContain(
      "trailwatch's own role",
    );
    expect(
      isProtected('arn:aws:sts::123456789012:assumed-role/trailwatch-responder/run-42', config),
    ).toContain("trailwatch's own role");
  });

  it('does not protect a role of the same name in another account', () => {
    expect(isProtected('arn:aws:iam::444455556666:role/trailwatch-responder', config)).toBeUndefined();
  });

  it('protects the root user', () => {
    expect(isProtected('arn:aws:iam::123456789012:root', config)).toBe(
      'the root user of account 123456789012: trailwatch does not act on root; secure it by hand',
    );
  });

  it('protects service-linked roles by path and by name, and AWS-reserved SSO roles', () => {
    expect(
      isProtected(
        'arn:aws:iam::123456789012:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForSSM',
        config,
      ),
    ).toContain('service-linked');
    expect(isProtected('arn:aws:sts::123456789012:assumed-role/AWSServiceRoleForECS/ecs', config)).toContain(
      'service-linked',
    );
    expect(
      isProtected(
        'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123abcd',
        config,
      ),
    ).toContain('IAM Identity Center');
  });

  it('protects break-glass principals by name pattern, case-insensitively', () => {
    expect(isProtected('arn:aws:iam::123456789012:role/Break-Glass-Admin', config)).toBe(
      'role Break-Glass-Admin is a break-glass principal (matches "break-glass*")',
    );
    expect(isProtected('arn:aws:iam::123456789012:user/ops-emergency', config)).toContain('"*-emergency"');
  });

  it('protects the configured list, roles also through their sessions', () => {
    expect(isProtected('arn:aws:iam::123456789012:user/ceo', config)).toBe(
      'user ceo is on the protected list',
    );
    expect(isProtected('arn:aws:sts::444455556666:assumed-role/payments/batch', config)).toBe(
      'role payments is on the protected list',
    );
  });

  it('lets trailwatch act on an ordinary user or role', () => {
    expect(isProtected('arn:aws:iam::123456789012:user/alice', config)).toBeUndefined();
    expect(isProtected('arn:aws:iam::123456789012:role/ci/deploy', config)).toBeUndefined();
  });

  it('refuses what is not a user, role or session ARN', () => {
    expect(isProtected('alice', config)).toContain('not an IAM user, role or session ARN');
  });
});
