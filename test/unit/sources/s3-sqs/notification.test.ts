import { describe, expect, it } from 'vitest';
import { decodeS3Key, parseNotification } from '../../../../src/sources/s3-sqs/notification.js';
import {
  eventBridgeObjectCreated,
  ORG_KEY,
  s3Notification,
  snsEnvelope,
  TEST_EVENT,
} from './notification-examples.js';

const body = (value: unknown) => JSON.stringify(value);

describe('parseNotification', () => {
  it('reads the bucket, key and size of an S3 event notification sent straight to SQS', () => {
    expect(parseNotification(body(s3Notification(ORG_KEY)))).toEqual({
      kind: 'objects',
      via: 'sqs',
      objects: [{ bucket: 'org-trail-logs', key: ORG_KEY, size: 2417 }],
    });
  });

  it('decodes the URL-encoded key, a "+" being a space and %2B a plus', () => {
    const parsed = parseNotification(body(s3Notification('exports/red+flower%2Bleaf%3A1.json.gz')));
    expect(parsed.kind === 'objects' && parsed.objects[0]?.key).toBe('exports/red flower+leaf:1.json.gz');
  });

  it('ignores the s3:TestEvent S3 sends when the notification is configured, saying so', () => {
    expect(parseNotification(body(TEST_EVENT))).toEqual({ kind: 'ignored', reason: 's3:TestEvent' });
  });

  it('ignores events that announce no new object, such as ObjectRemoved', () => {
    const parsed = parseNotification(body(s3Notification(ORG_KEY, { eventName: 'ObjectRemoved:Delete' })));
    expect(parsed).toEqual({ kind: 'ignored', reason: 'not a new object (ObjectRemoved:Delete)' });
  });

  it('unwraps an SNS envelope (raw delivery off) around an S3 notification', () => {
    expect(parseNotification(body(snsEnvelope(s3Notification(ORG_KEY))))).toEqual({
      kind: 'objects',
      via: 'sns',
      objects: [{ bucket: 'org-trail-logs', key: ORG_KEY, size: 2417 }],
    });
  });

  it('reads the S3 notification itself when SNS raw delivery is on', () => {
    const parsed = parseNotification(body(s3Notification(ORG_KEY)));
    expect(parsed.kind === 'objects' && parsed.objects[0]?.key).toBe(ORG_KEY);
  });

  it('ignores the s3:TestEvent inside an SNS envelope, and SNS subscription confirmations', () => {
    expect(parseNotification(body(snsEnvelope(TEST_EVENT)))).toEqual({
      kind: 'ignored',
      reason: 's3:TestEvent',
    });
    expect(parseNotification(body(snsEnvelope('confirm', 'SubscriptionConfirmation')))).toEqual({
      kind: 'ignored',
      reason: 'SNS SubscriptionConfirmation',
    });
  });

  it("reads EventBridge's Object Created event, its key as stored", () => {
    expect(parseNotification(body(eventBridgeObjectCreated(ORG_KEY)))).toEqual({
      kind: 'objects',
      via: 'eventbridge',
      objects: [{ bucket: 'org-trail-logs', key: ORG_KEY, size: 2417 }],
    });
  });

  it('reads an EventBridge event published through SNS', () => {
    const parsed = parseNotification(body(snsEnvelope(eventBridgeObjectCreated(ORG_KEY))));
    expect(parsed.kind === 'objects' && parsed.via).toBe('eventbridge');
  });

  it('ignores other EventBridge S3 events such as Object Deleted', () => {
    expect(parseNotification(body(eventBridgeObjectCreated(ORG_KEY, 'Object Deleted')))).toEqual({
      kind: 'ignored',
      reason: 'EventBridge Object Deleted',
    });
  });

  it('calls a body that is not JSON, or JSON of another shape, invalid and says why', () => {
    expect(parseNotification('hello')).toMatchObject({ kind: 'invalid', reason: /not JSON/ });
    expect(parseNotification('[]')).toMatchObject({ kind: 'invalid', reason: /not a JSON object/ });
    expect(parseNotification('{"foo":1}')).toMatchObject({
      kind: 'invalid',
      reason: 'not an S3 event notification, an SNS envelope or an EventBridge S3 event',
    });
    expect(parseNotification(body({ Records: [{ eventSource: 'aws:sqs' }] }))).toMatchObject({
      kind: 'invalid',
      reason: 'Records[0] is not an S3 event record',
    });
  });
});

describe('decodeS3Key', () => {
  it('keeps a key with a stray % as it stands rather than failing', () => {
    expect(decodeS3Key('100%+done')).toBe('100% done');
  });
});
