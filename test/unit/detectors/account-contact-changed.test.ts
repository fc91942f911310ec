import { describe, expect, it } from 'vitest';
import { accountContactChanged } from '../../../src/detectors/account-contact-changed.js';
import { assumedRole, detect, record } from '../../helpers/records.js';

// After the account.amazonaws.com records in the Account Management reference, redacted.
const accountCall = (eventName: string, requestParameters: Record<string, unknown> | null) =>
  record({ eventSource: 'account.amazonaws.com', eventName, readOnly: false, requestParameters });

describe('account-contact-changed', () => {
  it('when the security contact is replaced, raises a high account-change finding naming the contact type', () => {
    const event = accountCall('PutAlternateContact', {
      alternateContactType: 'SECURITY',
      emailAddress: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      name: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    });
    const [finding, ...rest] = detect(accountContactChanged, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('account-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('changed the security alternate contact of account 123456789012');
  });

  it('when the billing contact is deleted, ranks it medium and says it was removed', () => {
    const [finding] = detect(accountContactChanged, [
      accountCall('DeleteAlternateContact', { alternateContactType: 'BILLING' }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('removed the billing alternate contact');
  });

  it('when the primary email of a member account is changed, ranks it high and names the member', () => {
    const [finding] = detect(accountContactChanged, [
      record({
        eventSource: 'account.amazonaws.com',
        eventName: 'AcceptPrimaryEmailUpdate',
        readOnly: false,
        userIdentity: assumedRole('OrgAdmin', 'mallory'),
        requestParameters: { accountId: '210987654321', primaryEmail: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      }),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('primary (root) email address of account 210987654321');
  });

  it('when the contact information is only read, stays quiet', () => {
    expect(
      detect(accountContactChanged, [
        accountCall('GetContactInformation', null),
        accountCall('GetAlternateContact', { alternateContactType: 'SECURITY' }),
      ]),
    ).toEqual([]);
  });
});
