import { describe, expect, it } from 'vitest';
import { dnsQueryLoggingDeleted } from '../../../src/detectors/dns-query-logging-deleted.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { detect, record } from '../../helpers/records.js';

const resolver = (eventName: string, requestParameters: Record<string, unknown>, overrides = {}) =>
  record({
    eventSource: 'route53resolver.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters,
    ...overrides,
  });

describe('dns-query-logging-deleted', () => {
  it('when a query log configuration is deleted, raises medium naming it', () => {
    const event = resolver('DeleteResolverQueryLogConfig', {
      resolverQueryLogConfigId: 'rqlc-0123456789abcdef',
    });
    const [finding, ...rest] = detect(dnsQueryLoggingDeleted, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('deleted DNS query logging rqlc-0123456789abcdef');
  });

  it('when logging is detached from a VPC, names the VPC', () => {
    const [finding] = detect(dnsQueryLoggingDeleted, [
      resolver('DisassociateResolverQueryLogConfig', {
        resolverQueryLogConfigId: 'rqlc-0123456789abcdef',
        resourceId: 'vpc-0123456789abcdef0',
      }),
    ]);
    expect(finding?.summary).toContain(
      'detached DNS query logging rqlc-0123456789abcdef from vpc-0123456789abcdef0',
    );
  });

  it('when query logging is created or listed, stays quiet', () => {
    expect(
      detect(dnsQueryLoggingDeleted, [
        resolver('CreateResolverQueryLogConfig', { name: 'all-vpcs' }),
        resolver('ListResolverQueryLogConfigs', {}),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'dns-query-logging-deleted on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.CloudTrail.DNSLogsDeleted', () => {
      const rows = pantherVerdicts(dnsQueryLoggingDeleted, 'AWS.CloudTrail.DNSLogsDeleted');
      expect(rows.map((row) => [row.name, row.severity])).toEqual([['Logs Deleted', 'medium']]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });
  },
);
