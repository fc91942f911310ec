/** Builds raw CloudTrail records after the CloudTrail record reference, on a session's own clock. */
import { ACCOUNT } from './cast.js';
import { eventUuid, HEX, type Rng, UPPER_ALNUM } from './prng.js';

/** One API call as the simulator describes it; the Recorder turns it into a CloudTrail record. */
export interface Call {
  /** The eventSource without ".amazonaws.com": "ec2", "iam", "monitoring". */
  service: string;
  name: string;
  region: string;
  params?: Record<string, unknown> | null;
  response?: Record<string, unknown> | null;
  /** [errorCode, errorMessage] for a failed call. */
  error?: [string, string];
  readOnly?: boolean;
  resources?: Record<string, unknown>[];
  additional?: Record<string, unknown>;
  /** An S3 data event (eventCategory Data, managementEvent false). */
  data?: boolean;
  eventType?: 'AwsApiCall' | 'AwsConsoleSignIn' | 'AwsServiceEvent';
  /** The Host header when the default `<service>.<region>.amazonaws.com` is wrong. */
  host?: string;
  /** The CLI command for the user agent when it is not `<service>.<kebab-name>` (e.g. "s3.sync"). */
  command?: string;
  /** Console sign-in events carry no requestID. */
  noRequestId?: boolean;
}

/** Who makes a call and from where. */
export interface Actor {
  identity: Record<string, unknown>;
  /** An IP, or the service name AWS writes when it calls for the account ("autoscaling.amazonaws.com"). */
  sourceIp: string;
  userAgent: (call: Call) => string;
  /** AWS services calling on the account's behalf send no tlsDetails. */
  tls: boolean;
  /** Calls made from a console session carry sessionCredentialFromConsole. */
  console?: boolean;
  recipientAccountId?: string;
}

const READ_ONLY =
  /^(Get|List|Describe|Lookup|Head|Search|BatchGet|BatchCheck|Check|Validate|Assume|Decrypt|GenerateDataKey|Estimate|Preview)/;

function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function defaultHost(call: Call): string {
  switch (call.service) {
    case 'iam':
      return 'iam.amazonaws.com';
    case 'signin':
      return 'signin.aws.amazon.com';
    case 's3': {
      const bucket = call.params?.bucketName;
      return typeof bucket === 'string'
        ? `${bucket}.s3.${call.region}.amazonaws.com`
        : `s3.${call.region}.amazonaws.com`;
    }
    default:
      return `${call.service}.${call.region}.amazonaws.com`;
  }
}

/**
 * A session's clock and id source. Each session (a person's CLI burst, a CI run, the incident) gets its own
 * stream number, so its eventIDs are unique and independent of how sessions interleave.
 */
export class Recorder {
  now: number;
  /** The eventTime (epoch ms) of the last record made. */
  lastTime = 0;
  private index = 0;

  constructor(
    readonly rng: Rng,
    private readonly seed: number,
    private readonly stream: number,
    startMs: number,
  ) {
    this.now = Math.floor(startMs / 1000) * 1000;
  }

  /** Moves the clock on by a whole number of seconds in [min, max]. */
  wait(minSeconds: number, maxSeconds = minSeconds): void {
    this.now += this.rng.int(minSeconds, maxSeconds) * 1000;
  }

  /** The ISO time `offsetSeconds` from now, for creationDate and expiration fields. */
  iso(offsetSeconds = 0): string {
    return isoSeconds(this.now + offsetSeconds * 1000);
  }

  record(actor: Actor, call: Call): Record<string, unknown> {
    const eventID = eventUuid(this.seed, this.stream, this.index);
    this.index += 1;
    this.lastTime = this.now;
    const record: Record<string, unknown> = {
      eventVersion: call.data ? '1.10' : call.service === 'signin' ? '1.09' : '1.10',
      userIdentity: actor.identity,
      eventTime: isoSeconds(this.now),
      eventSource: `${call.service}.amazonaws.com`,
      eventName: call.name,
      awsRegion: call.region,
      sourceIPAddress: actor.sourceIp,
      userAgent: actor.userAgent(call),
    };
    if (call.error) {
      record.errorCode = call.error[0];
      record.errorMessage = call.error[1];
    }
    record.requestParameters = call.params ?? null;
    record.responseElements = call.error ? null : (call.response ?? null);
    if (call.additional) record.additionalEventData = call.additional;
    if (!call.noRequestId) {
      // S3 request ids are 16 upper-case characters; the other services use UUIDs.
      record.requestID = call.service === 's3' ? this.rng.chars(16, UPPER_ALNUM) : this.rng.uuid();
    }
    record.eventID = eventID;
    record.readOnly = call.readOnly ?? READ_ONLY.test(call.name);
    if (call.resources) record.resources = call.resources;
    record.eventType = call.eventType ?? 'AwsApiCall';
    record.managementEvent = !call.data;
    record.recipientAccountId = actor.recipientAccountId ?? ACCOUNT;
    if (actor.identity.type === 'AWSService') record.sharedEventID = this.rng.uuid();
    record.eventCategory = call.data ? 'Data' : 'Management';
    if (actor.tls) {
      record.tlsDetails = {
        tlsVersion: 'TLSv1.3',
        cipherSuite: 'TLS_AES_128_GCM_SHA256',
        clientProvidedHostHeader: call.host ?? defaultHost(call),
      };
    }
    if (actor.console) record.sessionCredentialFromConsole = 'true';
    return record;
  }

  /** Records a call, then waits a human or machine pause before the next one. */
  call(actor: Actor, call: Call, minPause = 1, maxPause = minPause): Record<string, unknown> {
    const record = this.record(actor, call);
    this.wait(minPause, maxPause);
    return record;
  }
}

/** S3 data-event extras CloudTrail writes for an object call. */
export function s3ObjectExtras(
  rng: Rng,
  bucket: string,
  key: string,
  bytesOut: number,
  bytesIn = 0,
): Pick<Call, 'resources' | 'additional'> {
  return {
    resources: [
      { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
      { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
    ],
    additional: {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: bytesIn,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': rng.chars(56, `${HEX}ABCDEFGHIJKLMNOPQRSTUVWXYZ+/`),
      bytesTransferredOut: bytesOut,
    },
  };
}
