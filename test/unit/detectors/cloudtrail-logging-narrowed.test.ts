import { describe, expect, it } from 'vitest';
import { cloudtrailLoggingNarrowed } from '../../../src/detectors/cloudtrail-logging-narrowed.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { detect, record } from '../../helpers/records.js';

const selectors = (requestParameters: Record<string, unknown>, overrides = {}) =>
  record({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'PutEventSelectors',
    readOnly: false,
    requestParameters: { trailName: 'org-trail', ...requestParameters },
    ...overrides,
  });

const basic = (selector: Record<string, unknown>) => ({
  eventSelectors: [
    {
      dataResources: [],
      excludeManagementEventSources: [],
      includeManagementEvents: true,
      readWriteType: 'All',
      ...selector,
    },
  ],
});

const updateTrail = (requestParameters: Record<string, unknown>) =>
  record({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'UpdateTrail',
    readOnly: false,
    requestParameters: {
      name: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail',
      ...requestParameters,
    },
  });

describe('cloudtrail-logging-narrowed', () => {
  it('when management events are switched off, raises high naming the trail', () => {
    const event = selectors(basic({ includeManagementEvents: false }));
    const [finding, ...rest] = detect(cloudtrailLoggingNarrowed, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(
      'narrowed CloudTrail trail org-trail: stopped recording management events',
    );
  });

  it('when only read-only events are kept, raises high; only writes, medium', () => {
    expect(
      detect(cloudtrailLoggingNarrowed, [selectors(basic({ readWriteType: 'ReadOnly' }))])[0]?.severity,
    ).toBe('high');
    expect(
      detect(cloudtrailLoggingNarrowed, [selectors(basic({ readWriteType: 'WriteOnly' }))])[0]?.severity,
    ).toBe('medium');
  });

  it('when KMS events are excluded, raises medium naming the source', () => {
    const [finding] = detect(cloudtrailLoggingNarrowed, [
      selectors(basic({ excludeManagementEventSources: ['kms.amazonaws.com'] })),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('kms.amazonaws.com');
  });

  it('when advanced selectors keep only data events, raises high', () => {
    const [finding] = detect(cloudtrailLoggingNarrowed, [
      selectors({
        advancedEventSelectors: [
          {
            name: 'S3 only',
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Data'] },
              { field: 'resources.type', equals: ['AWS::S3::Object'] },
            ],
          },
        ],
      }),
    ]);
    expect(finding?.severity).toBe('high');
  });

  it('when advanced selectors keep only read-only management events, raises high', () => {
    const [finding] = detect(cloudtrailLoggingNarrowed, [
      selectors({
        advancedEventSelectors: [
          {
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Management'] },
              { field: 'readOnly', equals: ['true'] },
            ],
          },
        ],
      }),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('write');
  });

  it('when a trail is cut to one region or sent to another bucket, reports both, ranked high', () => {
    const [finding] = detect(cloudtrailLoggingNarrowed, [
      updateTrail({ isMultiRegionTrail: false, s3BucketName: 'elsewhere-bucket' }),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain(
      'limited the trail to one region; sent log files to bucket elsewhere-bucket',
    );
  });

  it('when selectors keep every management event, or UpdateTrail widens the trail, stays quiet', () => {
    expect(
      detect(cloudtrailLoggingNarrowed, [
        selectors(basic({})),
        selectors({
          advancedEventSelectors: [{ fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] }],
        }),
        updateTrail({ isMultiRegionTrail: true, includeGlobalServiceEvents: true }),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'cloudtrail-logging-narrowed on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.CloudTrail.EventSelectorsDisabled', () => {
      const rows = pantherVerdicts(cloudtrailLoggingNarrowed, 'AWS.CloudTrail.EventSelectorsDisabled');
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['Event Selector Disabled', 'high'],
        ['Event Selector Enabled', undefined],
        ['Uninteresting Event Type', undefined],
      ]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });
  },
);
