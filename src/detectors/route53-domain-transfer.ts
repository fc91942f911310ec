/** A Route 53 domain transferred away, or prepared for it. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

const ROUTE53_DOMAINS = 'route53domains.amazonaws.com';

const CHANGES: Record<string, Effect> = {
  TransferDomainToAnotherAwsAccount: [
    'high',
    'started a transfer to another AWS account of',
    'transfer',
    'domain',
  ],
  DisableDomainTransferLock: [
    'medium',
    'disabled the transfer lock of',
    'disable the transfer lock of',
    'domain',
  ],
  RetrieveDomainAuthCode: [
    'medium',
    'retrieved the transfer auth code of',
    'retrieve the auth code of',
    'domain',
  ],
};

export const route53DomainTransfer = defineDetector({
  meta: {
    id: 'route53-domain-transfer',
    title: 'Route 53 domain transferred away or its transfer lock disabled',
    description:
      'Detects TransferDomainToAnotherAwsAccount (high), DisableDomainTransferLock and RetrieveDomainAuthCode ' +
      '(medium): with a domain an intruder takes over mail, sign-in pages and certificates (Sigma ' +
      'aws_route_53_domain_transferred_to_another_account and aws_route_53_domain_transferred_lock_disabled).',
    category: 'account-change',
    severity: 'high',
    attack: ['T1584.001'],
    falsePositives: [
      'Consolidating domains into one account during an organization restructure.',
      'Moving a domain to another registrar on purpose (auth code retrieved, lock disabled).',
    ],
    runbook: [
      'Cancel a transfer still pending (route53domains cancel-domain-transfer-to-another-aws-account or ' +
        'reject it) and re-enable the transfer lock on requestParameters.domainName.',
      'Check the registrant contact and name servers of the domain for changes by the same ' +
        'userIdentity.accessKeyId; contain the key unless the domain owner confirms.',
    ],
    references: [
      'https://docs.aws.amazon.com/Route53/latest/APIReference/API_domains_TransferDomainToAnotherAwsAccount.html',
      'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/domain-lock.html',
      'https://attack.mitre.org/techniques/T1584/001/',
    ],
    events: Object.keys(CHANGES),
  },
  match(event) {
    const effect = CHANGES[event.eventName];
    if (!effect || event.eventSource !== ROUTE53_DOMAINS) return undefined;
    const account = paramString(event, 'accountId');
    return effectSignal(
      event,
      effect,
      paramString(event, 'domainName'),
      account ? ` (to account ${account})` : '',
    );
  },
});
