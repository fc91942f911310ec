import { describe, expect, it } from 'vitest';
import { route53DomainTransfer } from '../../../src/detectors/route53-domain-transfer.js';
import { detect, record } from '../../helpers/records.js';

const domains = (eventName: string, requestParameters: Record<string, unknown>) =>
  record({ eventSource: 'route53domains.amazonaws.com', eventName, readOnly: false, requestParameters });

describe('route53-domain-transfer', () => {
  it('when a domain is transferred to another AWS account, raises high naming both', () => {
    const event = domains('TransferDomainToAnotherAwsAccount', {
      domainName: 'example.com',
      accountId: '444455556666',
    });
    const [finding] = detect(route53DomainTransfer, [event]);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('account-change');
    expect(finding?.summary).toContain('domain example.com in us-east-1 (to account 444455556666)');
  });

  it('when the transfer lock is disabled, raises medium', () => {
    const [finding] = detect(route53DomainTransfer, [
      domains('DisableDomainTransferLock', { domainName: 'example.com' }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('disabled the transfer lock of domain example.com');
  });

  it('when the lock is enabled or the domain read, stays quiet', () => {
    expect(
      detect(route53DomainTransfer, [
        domains('EnableDomainTransferLock', { domainName: 'example.com' }),
        domains('GetDomainDetail', { domainName: 'example.com' }),
      ]),
    ).toEqual([]);
  });
});
