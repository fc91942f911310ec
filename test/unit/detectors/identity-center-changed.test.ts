import { describe, expect, it } from 'vitest';
import { identityCenterChanged } from '../../../src/detectors/identity-center-changed.js';
import { detect, minutesAfter, record } from '../../helpers/records.js';

const BASE = '2026-03-02T10:00:00Z';
const sso = (
  eventName: string,
  requestParameters: Record<string, unknown>,
  eventSource = 'sso-directory.amazonaws.com',
  minute = 0,
) =>
  record({
    eventSource,
    eventName,
    readOnly: false,
    requestParameters,
    eventTime: minutesAfter(BASE, minute),
  });

describe('identity-center-changed', () => {
  it('when an external IdP signing certificate is imported, raises high', () => {
    const event = sso('ImportExternalIdPCertificate', { directoryId: 'd-9067e3a1b2' });
    const [finding] = detect(identityCenterChanged, [event]);
    expect(finding?.severity).toBe('high');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(
      'imported an external IdP signing certificate into Identity Center d-9067e3a1b2',
    );
  });

  it('when a managed policy is attached to a permission set, raises medium naming it', () => {
    const [finding] = detect(identityCenterChanged, [
      sso(
        'AttachManagedPolicyToPermissionSet',
        {
          instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
          permissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef',
          managedPolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        },
        'sso.amazonaws.com',
      ),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('ps-0123456789abcdef');
  });

  it('when an MFA device is removed from a user, raises medium', () => {
    const [finding] = detect(identityCenterChanged, [
      sso('DeleteMfaDeviceForUser', {
        directoryId: 'd-9067e3a1b2',
        userId: '906744e8-1234-5678-9abc-def012345678',
      }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('removed an MFA device of an Identity Center user');
  });

  it('when permission sets are listed or Identity Center is read, stays quiet', () => {
    expect(
      detect(identityCenterChanged, [
        sso('ListPermissionSets', {}, 'sso.amazonaws.com'),
        sso('DescribeDirectory', { directoryId: 'd-1' }),
      ]),
    ).toEqual([]);
  });
});
