/**
 * Message bodies shaped as AWS documents them: S3's event message structure (version 2.1), the
 * s3:TestEvent S3 sends when a notification is configured, the SNS-to-SQS envelope, and EventBridge's
 * "Object Created" event. Values are examples (documentation account ids, made-up ids).
 */
export const ORG_KEY =
  'AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/eu-west-1/2026/12/07/111122223333_CloudTrail_eu-west-1_20261207T0105Z_AbCdEfGh12345678.json.gz';

export function s3Notification(key: string, options: { eventName?: string; bucket?: string } = {}) {
  const bucket = options.bucket ?? 'org-trail-logs';
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'eu-west-1',
        eventTime: '2026-12-07T01:06:12.345Z',
        eventName: options.eventName ?? 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:AROAEXAMPLEROLEID:regionalDeliverySession' },
        requestParameters: { sourceIPAddress: '198.51.100.7' },
        responseElements: {
          'x-amz-request-id': 'C3D13FE58DE4C810',
          'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'trailwatch-new-trail-files',
          bucket: {
            name: bucket,
            ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
            arn: `arn:aws:s3:::${bucket}`,
          },
          object: {
            key,
            size: 2417,
            eTag: 'd41d8cd98f00b204e9800998ecf8427e',
            sequencer: '0A1B2C3D4E5F678901',
          },
        },
      },
    ],
  };
}

export const TEST_EVENT = {
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2026-12-07T00:57:02.089Z',
  Bucket: 'org-trail-logs',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
};

/** SNS's envelope as it reaches a subscribed queue with raw message delivery off. */
export function snsEnvelope(message: unknown, type = 'Notification') {
  return {
    Type: type,
    MessageId: '63a3f6b6-d533-4a47-aef9-fcf5cf758c76',
    TopicArn: 'arn:aws:sns:eu-west-1:444455556666:org-trail-files',
    Subject: 'Amazon S3 Notification',
    Message: JSON.stringify(message),
    Timestamp: '2026-12-07T01:06:13.001Z',
    SignatureVersion: '1',
    Signature: 'EXAMPLEnTrFPa3...',
    SigningCertURL:
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
    UnsubscribeURL:
      'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:eu-west-1:444455556666:org-trail-files:c7fe3a54-ab0e-4ec2-88e0-db410a0f2bee',
  };
}

export function eventBridgeObjectCreated(key: string, detailType = 'Object Created') {
  return {
    version: '0',
    id: 'c9888434-815d-c6f4-9fc2-4dd7bdeccaaf',
    'detail-type': detailType,
    source: 'aws.s3',
    account: '444455556666',
    time: '2026-12-07T01:06:12Z',
    region: 'eu-west-1',
    resources: ['arn:aws:s3:::org-trail-logs'],
    detail: {
      version: '0',
      bucket: { name: 'org-trail-logs' },
      object: { key, size: 2417, etag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0064D3901D00059242' },
      'request-id': 'XRRTKJXSZQCWNQR1',
      requester: 'cloudtrail.amazonaws.com',
      'source-ip-address': '198.51.100.7',
      reason: 'PutObject',
    },
  };
}
