import { describe, expect, it } from 'vitest';
import { dataExported } from '../../../src/detectors/data-exported.js';
import { detect, minutesAfter, record } from '../../helpers/records.js';

const BASE = '2026-03-02T10:00:00Z';
const call = (
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
  overrides = {},
) => record({ eventSource, eventName, readOnly: false, requestParameters, ...overrides });

describe('data-exported', () => {
  it('when an instance is exported to S3, raises medium naming the instance and bucket', () => {
    const event = call('ec2.amazonaws.com', 'CreateInstanceExportTask', {
      instanceId: 'i-0a1b2c3d4e5f67890',
      targetEnvironment: 'vmware',
      exportToS3Task: { diskImageFormat: 'VMDK', s3Bucket: 'vm-exports-203', s3Prefix: 'exports/' },
    });
    const [finding] = detect(dataExported, [event]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.summary).toContain('started an export of EC2 instance i-0a1b2c3d4e5f67890');
    expect(finding?.summary).toContain('to bucket vm-exports-203');
  });

  it('when the export fails, still reports it one step lower (Sigma reports only the failure)', () => {
    const [finding] = detect(dataExported, [
      call(
        'ec2.amazonaws.com',
        'CreateInstanceExportTask',
        { instanceId: 'i-1', exportToS3Task: { s3Bucket: 'b' } },
        { errorCode: 'NotExportable', errorMessage: 'This instance cannot be exported.' },
      ),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('tried to export');
  });

  it('when an RDS snapshot is exported to S3, raises low', () => {
    const [finding] = detect(dataExported, [
      call(
        'rds.amazonaws.com',
        'StartExportTask',
        {
          exportTaskIdentifier: 'orders-export',
          sourceArn: 'arn:aws:rds:us-east-1:123456789012:snapshot:orders-nightly',
          s3BucketName: 'analytics-lake',
        },
        { eventTime: minutesAfter(BASE, 90) },
      ),
    ]);
    expect(finding?.severity).toBe('low');
  });

  it('when export tasks are only described, stays quiet', () => {
    expect(detect(dataExported, [call('ec2.amazonaws.com', 'DescribeExportTasks', {})])).toEqual([]);
  });
});
