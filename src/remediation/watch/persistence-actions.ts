/**
 * The persistence catalog: the IAM, key and Lambda calls an intruder uses to stay in after the stolen key is
 * gone, each with how to read what it made and what the responder should undo.
 */
import type { TrailEvent } from '../../cloudtrail/event.js';
import { paramString, pathGet } from '../../cloudtrail/fields.js';

/** What one persistence call made or changed, in words, and how to undo it. */
export interface PersistenceFinding {
  /** e.g. "new access key `AKIA…` for user `bob`": plain words and identifiers, not yet escaped. */
  what: string;
  /** What to do about it, e.g. "Deactivate access key AKIA… (UpdateAccessKey Status=Inactive), then delete it". */
  todo: string;
  /** The identifiers named in `what` (key id, user, role, policy ARN), for a renderer to format as code. */
  subjects: string[];
}

type Describe = (event: TrailEvent) => PersistenceFinding | undefined;

const str = (event: TrailEvent, root: 'req' | 'res', path: string): string | undefined => {
  const value = pathGet(root === 'req' ? event.requestParameters : event.responseElements, path);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** The user a call acted on: requestParameters.userName, or the caller itself when it names none. */
const userOf = (event: TrailEvent): string =>
  paramString(event, 'userName') ?? event.identity.userName ?? 'the caller';

const found = (what: string, todo: string, ...subjects: (string | undefined)[]): PersistenceFinding => ({
  what,
  todo,
  subjects: subjects.filter((s): s is string => s !== undefined),
});

/** Put/Attach on a user, role or group: which one. */
function holder(event: TrailEvent): { kind: string; name: string } {
  for (const kind of ['user', 'role', 'group'] as const) {
    const name = str(event, 'req', `${kind}Name`);
    if (name) return { kind, name };
  }
  return { kind: 'principal', name: 'unknown' };
}

const IAM: Record<string, Describe> = {
  CreateAccessKey(e) {
    const key = str(e, 'res', 'accessKey.accessKeyId') ?? 'unknown key';
    const user = str(e, 'res', 'accessKey.userName') ?? userOf(e);
    return found(
      `new access key ${key} for user ${user}`,
      `Deactivate access key ${key} of ${user} (UpdateAccessKey Status=Inactive), then delete it`,
      key,
      user,
    );
  },
  UpdateAccessKey(e) {
    const key = str(e, 'req', 'accessKeyId') ?? 'unknown key';
    // Only a reactivation keeps someone in; setting a key Inactive is containment (maybe the bot's own).
    if (str(e, 'req', 'status') !== 'Active') return undefined;
    return found(
      `access key ${key} of ${userOf(e)} reactivated`,
      `Deactivate access key ${key} again, and find out who turned it back on`,
      key,
    );
  },
  CreateUser(e) {
    const user = str(e, 'req', 'userName') ?? str(e, 'res', 'user.userName') ?? 'unknown user';
    return found(
      `new IAM user ${user}`,
      `Delete user ${user} (first its keys, login profile, MFA devices, policies and group memberships)`,
      user,
    );
  },
  CreateLoginProfile: (e) =>
    found(`console password created for ${userOf(e)}`, `Delete the login profile of ${userOf(e)}`, userOf(e)),
  UpdateLoginProfile: (e) =>
    found(
      `console password changed for ${userOf(e)}`,
      `Delete the login profile of ${userOf(e)} (or reset it with the owner)`,
      userOf(e),
    ),
  CreateRole(e) {
    const role = str(e, 'req', 'roleName') ?? 'unknown role';
    return found(
      `new role ${role}`,
      `Delete role ${role}, or at least empty its trust policy`,
      role,
      str(e, 'res', 'role.arn'),
    );
  },
  UpdateAssumeRolePolicy(e) {
    const role = str(e, 'req', 'roleName') ?? 'unknown role';
    return found(
      `trust policy of role ${role} changed`,
      `Revert the trust policy of ${role} to its last known-good version`,
      role,
    );
  },
  CreatePolicyVersion(e) {
    const arn = str(e, 'req', 'policyArn') ?? 'unknown policy';
    const version = str(e, 'res', 'policyVersion.versionId');
    return found(
      `new version ${version ?? ''} of policy ${arn}`.replace('  ', ' '),
      `Set the previous default version of ${arn} back and delete the new one`,
      arn,
    );
  },
  SetDefaultPolicyVersion(e) {
    const arn = str(e, 'req', 'policyArn') ?? 'unknown policy';
    return found(
      `default version of policy ${arn} set to ${str(e, 'req', 'versionId') ?? '?'}`,
      `Set the previous default version of ${arn} back`,
      arn,
    );
  },
  AddUserToGroup(e) {
    const group = str(e, 'req', 'groupName') ?? 'unknown group';
    return found(
      `${userOf(e)} added to group ${group}`,
      `Remove ${userOf(e)} from group ${group}`,
      userOf(e),
      group,
    );
  },
  CreateVirtualMFADevice(e) {
    const name =
      str(e, 'res', 'virtualMFADevice.serialNumber') ?? str(e, 'req', 'virtualMFADeviceName') ?? '?';
    return found(`new virtual MFA device ${name}`, `Delete virtual MFA device ${name}`, name);
  },
  EnableMFADevice(e) {
    const serial = str(e, 'req', 'serialNumber') ?? '?';
    return found(
      `MFA device ${serial} enabled for ${userOf(e)}`,
      `Deactivate MFA device ${serial} of ${userOf(e)} (an intruder's MFA locks the owner out)`,
      serial,
      userOf(e),
    );
  },
};

function policyChange(verb: 'Put' | 'Attach'): Describe {
  return (e) => {
    const { kind, name } = holder(e);
    if (verb === 'Put') {
      const policy = str(e, 'req', 'policyName') ?? 'unnamed';
      return found(
        `inline policy ${policy} put on ${kind} ${name}`,
        `Delete inline policy ${policy} from ${kind} ${name}`,
        policy,
        name,
      );
    }
    const arn = str(e, 'req', 'policyArn') ?? 'unknown policy';
    return found(
      `policy ${arn} attached to ${kind} ${name}`,
      `Detach ${arn} from ${kind} ${name}`,
      arn,
      name,
    );
  };
}
for (const kind of ['User', 'Role', 'Group']) {
  IAM[`Put${kind}Policy`] = policyChange('Put');
  IAM[`Attach${kind}Policy`] = policyChange('Attach');
}

// CloudTrail names Lambda calls with their API version, e.g. CreateFunction20150331, AddPermission20150331v2.
const LAMBDA: [RegExp, Describe][] = [
  [
    /^CreateFunction\d/,
    (e) => {
      const fn = str(e, 'req', 'functionName') ?? 'unknown function';
      return found(
        `new Lambda function ${fn} in ${e.awsRegion}`,
        `Delete function ${fn} in ${e.awsRegion} (check its role and triggers first)`,
        fn,
      );
    },
  ],
  [
    /^AddPermission\d/,
    (e) => {
      const fn = str(e, 'req', 'functionName') ?? 'unknown function';
      const who = str(e, 'req', 'principal') ?? 'someone';
      return found(
        `Lambda function ${fn} may now be invoked by ${who}`,
        `Remove statement ${str(e, 'req', 'statementId') ?? '?'} from the policy of ${fn} in ${e.awsRegion}`,
        fn,
        who,
      );
    },
  ],
];

/** The catalog entry for a call, or undefined when the call is not a persistence action. */
export function describePersistence(event: TrailEvent): PersistenceFinding | undefined {
  if (event.service === 'iam')
    return Object.hasOwn(IAM, event.eventName) ? IAM[event.eventName]?.(event) : undefined;
  if (event.service === 'lambda') return LAMBDA.find(([name]) => name.test(event.eventName))?.[1](event);
  return undefined;
}
