import { describe, expect, it } from 'vitest';
import { billingSettingsChanged } from '../../../src/detectors/billing-settings-changed.js';
import { detect, record, root } from '../../helpers/records.js';

// After the billingconsole.amazonaws.com record in the Billing CloudTrail reference, redacted.
const billingCall = (eventName: string, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'billingconsole.amazonaws.com',
    eventName,
    eventType: 'AwsConsoleAction',
    readOnly: false,
    userIdentity: root('ASIAEXAMPLEROOTSESS1'),
    ...overrides,
  });

describe('billing-settings-changed', () => {
  it('when the account is closed, raises a critical account-change finding', () => {
    const event = billingCall('CloseAccount');
    const [finding, ...rest] = detect(billingSettingsChanged, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('critical');
    expect(finding?.category).toBe('account-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('closed the account (CloseAccount) in account 123456789012');
  });

  it('when the root email or password is changed in the billing console, ranks it high', () => {
    const [finding] = detect(billingSettingsChanged, [billingCall('SetAccountPreferences')]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('root email or root password');
  });

  it('when the payment method is changed, ranks it medium', () => {
    const [finding] = detect(billingSettingsChanged, [billingCall('SetPayInformation')]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('changed the payment method');
  });

  it('when the organization closes a member account, ranks it high and names the member', () => {
    const [finding] = detect(billingSettingsChanged, [
      billingCall('CloseAccount', {
        eventSource: 'organizations.amazonaws.com',
        eventType: 'AwsApiCall',
        requestParameters: { accountId: '210987654321' },
      }),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('closed member account 210987654321');
  });

  it('when bills are only downloaded or read, stays quiet', () => {
    expect(
      detect(billingSettingsChanged, [
        billingCall('GetBillsForBillingPeriod', { readOnly: true }),
        billingCall('DownloadTaxInvoice', { readOnly: true }),
      ]),
    ).toEqual([]);
  });
});
