/** userIdentity blocks and callers (identity + source IP + user agent) for every kind of principal. */
import { ACCOUNT, type Person, type Role } from './cast.js';
import type { Actor, Call } from './record.js';

const CLI_SERVICE: Record<string, string> = {
  monitoring: 'cloudwatch',
  s3: 's3api',
  elasticloadbalancing: 'elbv2',
  email: 'ses',
};

/** "UpdateFunctionCode20150331v2" -> "update-function-code". */
export function kebabCommand(name: string): string {
  return name
    .replace(/\d{8}(v\d)?$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

/** The `command/<service>.<name>` suffix aws-cli v2 appends to its user agent. */
export function cliCommand(call: Call): string {
  return call.command ?? `${CLI_SERVICE[call.service] ?? call.service}.${kebabCommand(call.name)}`;
}

/** aws-cli user agent for a call; S3 writes every user agent in brackets. */
export function cliAgent(base: string): (call: Call) => string {
  return (call) => {
    const agent = `${base} command/${cliCommand(call)}`;
    return call.service === 's3' ? `[${agent}]` : agent;
  };
}

export function fixedAgent(agent: string): (call: Call) => string {
  return (call) => (call.service === 's3' ? `[${agent}]` : agent);
}

export function iamUserIdentity(person: Person, accessKeyId?: string): Record<string, unknown> {
  return {
    type: 'IAMUser',
    principalId: person.userId,
    arn: `arn:aws:iam::${ACCOUNT}:user/${person.userName}`,
    accountId: ACCOUNT,
    ...(accessKeyId ? { accessKeyId } : {}),
    userName: person.userName,
  };
}

/** A person calling with their long-term access key (no sessionContext: CloudTrail writes none for AKIA keys). */
export function personKeyActor(person: Person, ip: string, agent: string, accessKeyId?: string): Actor {
  return {
    identity: iamUserIdentity(person, accessKeyId ?? person.accessKeyId),
    sourceIp: ip,
    userAgent: cliAgent(agent),
    tls: true,
  };
}

/** A person's console session, after an MFA sign-in. */
export function personConsoleActor(
  person: Person,
  ip: string,
  sessionKey: string,
  creationDate: string,
): Actor {
  return {
    identity: {
      ...iamUserIdentity(person, sessionKey),
      sessionContext: {
        sessionIssuer: {},
        webIdFederationData: {},
        attributes: { creationDate, mfaAuthenticated: 'true' },
      },
    },
    sourceIp: ip,
    userAgent: fixedAgent(person.browserUserAgent),
    tls: true,
    console: true,
  };
}

export interface RoleSessionOptions {
  sessionName: string;
  accessKeyId: string;
  creationDate: string;
  /** Set when an AWS service calls with the role (a service-linked role, CloudFormation for a stack). */
  invokedBy?: string;
  sourceIp?: string;
  userAgent?: (call: Call) => string;
}

export function roleSessionIdentity(role: Role, options: RoleSessionOptions): Record<string, unknown> {
  return {
    type: 'AssumedRole',
    principalId: `${role.roleId}:${options.sessionName}`,
    arn: `arn:aws:sts::${role.account}:assumed-role/${role.name}/${options.sessionName}`,
    accountId: role.account,
    accessKeyId: options.accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: role.roleId,
        arn: role.arn,
        accountId: role.account,
        userName: role.name,
      },
      webIdFederationData: {},
      attributes: { creationDate: options.creationDate, mfaAuthenticated: 'false' },
    },
    ...(options.invokedBy ? { invokedBy: options.invokedBy } : {}),
  };
}

export function roleSessionActor(role: Role, options: RoleSessionOptions): Actor {
  const service = options.invokedBy;
  return {
    identity: roleSessionIdentity(role, options),
    sourceIp: options.sourceIp ?? service ?? 'AWS Internal',
    userAgent: options.userAgent ?? fixedAgent(service ?? 'AWS Internal'),
    tls: !service,
  };
}

/** An AWS service acting for the account with no role of ours (AssumeRole into our roles, KMS for trail files). */
export function awsServiceActor(invokedBy: string): Actor {
  return {
    identity: { type: 'AWSService', invokedBy },
    sourceIp: invokedBy,
    userAgent: () => invokedBy,
    tls: false,
  };
}

export function federatedUserIdentity(
  person: Person,
  name: string,
  accessKeyId: string,
  creationDate: string,
): Record<string, unknown> {
  return {
    type: 'FederatedUser',
    principalId: `${ACCOUNT}:${name}`,
    arn: `arn:aws:sts::${ACCOUNT}:federated-user/${name}`,
    accountId: ACCOUNT,
    accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'IAMUser',
        principalId: person.userId,
        arn: `arn:aws:iam::${ACCOUNT}:user/${person.userName}`,
        accountId: ACCOUNT,
        userName: person.userName,
      },
      webIdFederationData: {},
      attributes: { creationDate, mfaAuthenticated: 'false' },
    },
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** STS writes expirations as "Oct 5, 2026, 11:00:00 AM" (UTC) in CloudTrail, not ISO. */
export function stsExpiration(ms: number): string {
  const d = new Date(ms);
  const hour = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${hour % 12 === 0 ? 12 : hour % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${clock} ${hour < 12 ? 'AM' : 'PM'}`;
}

/** The `credentials` block STS returns (the session token is left out of the sample; the secret never appears). */
export function stsCredentials(accessKeyId: string, expiresMs: number): Record<string, unknown> {
  return { accessKeyId, sessionToken: '<redacted>', expiration: stsExpiration(expiresMs) };
}
