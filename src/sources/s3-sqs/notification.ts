/**
 * An SQS message body in any shape AWS announces a new object with: S3's own event notification (and the
 * s3:TestEvent it sends once when configured), the same inside an SNS envelope (raw delivery off), or
 * EventBridge's "Object Created". Pure: text in, object references out.
 */

/** One object a message announces, its key decoded. */
export interface ObjectRef {
  bucket: string;
  key: string;
  /** Bytes, when the notification says (S3 and EventBridge both do). */
  size?: number;
}

export type Notification =
  /** New objects to read. */
  | { kind: 'objects'; via: 'sqs' | 'sns' | 'eventbridge'; objects: ObjectRef[] }
  /** Nothing to read, for a reason worth a count (s3:TestEvent, an ObjectRemoved event, SNS confirmations). */
  | { kind: 'ignored'; reason: string }
  /** Not a shape any AWS service sends: it will not get better, the queue's redrive policy takes it. */
  | { kind: 'invalid'; reason: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * S3 notification keys are URL-encoded the way HTML forms are: a space is '+', and '+' itself is '%2B'
 * ("red flower.jpg" becomes "red+flower.jpg", per S3's event message structure).
 */
export function decodeS3Key(key: string): string {
  const spaced = key.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A lone '%' that is not an escape: S3 would have encoded it, so the key is taken as it stands.
    return spaced;
  }
}

export function parseNotification(body: string): Notification {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    return { kind: 'invalid', reason: `message body is not JSON (${(error as Error).message})` };
  }
  return parseDocument(document, 'sqs');
}

function parseDocument(document: unknown, via: 'sqs' | 'sns'): Notification {
  if (!isObject(document)) return { kind: 'invalid', reason: 'message body is not a JSON object' };
  if (document.Type !== undefined && typeof document.TopicArn === 'string') return parseSns(document);
  if (document.Event === 's3:TestEvent') return { kind: 'ignored', reason: 's3:TestEvent' };
  if (Array.isArray(document.Records)) return parseS3Records(document.Records, via);
  if (document['detail-type'] !== undefined && document.source === 'aws.s3')
    return parseEventBridge(document);
  return {
    kind: 'invalid',
    reason: 'not an S3 event notification, an SNS envelope or an EventBridge S3 event',
  };
}

/** SNS wraps the published text in `Message`; S3 publishes its notification JSON there. */
function parseSns(envelope: Record<string, unknown>): Notification {
  if (envelope.Type !== 'Notification') {
    // SubscriptionConfirmation and UnsubscribeConfirmation reach a queue too; SQS subscriptions confirm themselves.
    return { kind: 'ignored', reason: `SNS ${String(envelope.Type)}` };
  }
  if (typeof envelope.Message !== 'string') return { kind: 'invalid', reason: 'SNS envelope has no Message' };
  let inner: unknown;
  try {
    inner = JSON.parse(envelope.Message);
  } catch {
    return { kind: 'invalid', reason: 'the SNS Message is not JSON' };
  }
  const parsed = parseDocument(inner, 'sns');
  // EventBridge can publish to SNS too: keep what the inner document says it came through.
  return parsed.kind === 'objects' && parsed.via === 'sqs' ? { ...parsed, via: 'sns' } : parsed;
}

function parseS3Records(records: unknown[], via: 'sqs' | 'sns'): Notification {
  const objects: ObjectRef[] = [];
  const skipped: string[] = [];
  for (const [index, record] of records.entries()) {
    if (!isObject(record) || record.eventSource !== 'aws:s3' || !isObject(record.s3)) {
      return { kind: 'invalid', reason: `Records[${index}] is not an S3 event record` };
    }
    const eventName = typeof record.eventName === 'string' ? record.eventName : '';
    if (!eventName.startsWith('ObjectCreated:')) {
      skipped.push(eventName || 'an event without eventName');
      continue;
    }
    const { bucket, object } = record.s3 as { bucket?: unknown; object?: unknown };
    if (
      !isObject(bucket) ||
      typeof bucket.name !== 'string' ||
      !isObject(object) ||
      typeof object.key !== 'string'
    ) {
      return { kind: 'invalid', reason: `Records[${index}] names no bucket and key` };
    }
    objects.push(ref(bucket.name, decodeS3Key(object.key), object.size));
  }
  if (objects.length === 0)
    return { kind: 'ignored', reason: `not a new object (${skipped.join(', ') || 'no records'})` };
  return { kind: 'objects', via, objects };
}

function parseEventBridge(event: Record<string, unknown>): Notification {
  if (event['detail-type'] !== 'Object Created') {
    return { kind: 'ignored', reason: `EventBridge ${String(event['detail-type'])}` };
  }
  const detail = isObject(event.detail) ? event.detail : {};
  const { bucket, object } = detail as { bucket?: unknown; object?: unknown };
  if (
    !isObject(bucket) ||
    typeof bucket.name !== 'string' ||
    !isObject(object) ||
    typeof object.key !== 'string'
  ) {
    return { kind: 'invalid', reason: 'EventBridge Object Created event names no bucket and key' };
  }
  // EventBridge's documented examples carry the key as stored, not form-encoded as S3's notifications are.
  return { kind: 'objects', via: 'eventbridge', objects: [ref(bucket.name, object.key, object.size)] };
}

function ref(bucket: string, key: string, size: unknown): ObjectRef {
  const bytes = typeof size === 'number' ? size : typeof size === 'string' ? Number(size) : Number.NaN;
  return Number.isSafeInteger(bytes) && bytes >= 0 ? { bucket, key, size: bytes } : { bucket, key };
}
