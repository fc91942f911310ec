/** The normalised CloudTrail record every detector reads. */

export type IdentityType =
  | 'Root'
  | 'IAMUser'
  | 'AssumedRole'
  | 'FederatedUser'
  | 'WebIdentityUser'
  | 'SAMLUser'
  | 'AWSAccount'
  | 'AWSService'
  | 'IdentityCenterUser'
  | 'Unknown';

/** AKIA keys are long-term IAM user (or root) keys; ASIA keys belong to temporary STS credentials. */
export type KeyKind = 'long-term' | 'temporary' | 'unknown';

export interface SessionIssuer {
  type: string;
  arn?: string;
  userName?: string;
  accountId?: string;
}

export interface Identity {
  type: IdentityType;
  /** The caller's ARN; for a role session, the assumed-role ARN. Synthesised when CloudTrail omits it. */
  arn: string;
  accountId: string;
  principalId?: string;
  /** IAM user name, root's account alias-less name "root", or the role session issuer's name. */
  userName?: string;
  accessKeyId?: string;
  keyKind?: KeyKind;
  /** Set when an AWS service made the call on the principal's behalf (e.g. "cloudformation.amazonaws.com"). */
  invokedBy?: string;
  sessionIssuer?: SessionIssuer;
  /** Session name of an assumed role, from the last segment of its ARN. */
  sessionName?: string;
  mfaAuthenticated?: boolean;
}

export interface TrailEvent {
  eventId: string;
  /** ISO 8601, as CloudTrail writes it. */
  eventTime: string;
  /** eventTime in epoch milliseconds. */
  time: number;
  eventName: string;
  /** e.g. "iam.amazonaws.com". */
  eventSource: string;
  /** eventSource without ".amazonaws.com", e.g. "iam". */
  service: string;
  awsRegion: string;
  /** sourceIPAddress as written: an IP, or an AWS service name such as "ec2.amazonaws.com". */
  sourceIp: string;
  /** True when sourceIPAddress is a service name rather than an address. */
  sourceIsService: boolean;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  /** True when the call failed (errorCode present). */
  failed: boolean;
  readOnly?: boolean;
  /** "Management", "Data", "Insight", "NetworkActivity"; Management when absent. */
  eventCategory: string;
  eventType: string;
  recipientAccountId: string;
  identity: Identity;
  // These three are free-form per API: detectors read them through the helpers in fields.ts.
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData: Record<string, unknown> | null;
}
