/** Principals trailwatch must never contain: its own roles, break-glass roles, AWS service roles, root, and a configured list. */

export interface ProtectedPrincipalsConfig {
  /** The bot's own role ARNs (reader and responder): containing them would blind or disarm it. */
  botRoleArns: string[];
  /** Role or user name patterns; `*` matches any run of characters, case-insensitive: "break-glass*", "*-emergency". */
  breakGlassPatterns?: string[];
  /** Further principal ARNs (users or roles) the operators put off limits. */
  protectedArns?: string[];
}

interface Principal {
  accountId: string;
  kind: 'root' | 'user' | 'role' | 'other';
  /** The IAM path, when the ARN carries it ("/aws-service-role/ssm.amazonaws.com/"). */
  path: string;
  name: string;
}

// arn:aws:iam::123456789012:user/path/name, …:role/path/name, …:root;
// arn:aws:sts::123456789012:assumed-role/name/session (a session drops the role's path).
function parse(arn: string): Principal | undefined {
  const match = /^arn:aws[\w-]*:(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!match) return undefined;
  const [, service, accountId = '', resource = ''] = match;
  if (resource === 'root') return { accountId, kind: 'root', path: '/', name: 'root' };
  const parts = resource.split('/');
  const type = parts[0];
  if (service === 'sts' && type === 'assumed-role')
    return { accountId, kind: 'role', path: '', name: parts[1] ?? '' };
  if (service === 'iam' && (type === 'user' || type === 'role')) {
    const name = parts.at(-1) ?? '';
    return {
      accountId,
      kind: type,
      path: `/${parts.slice(1, -1).join('/')}${parts.length > 2 ? '/' : ''}`,
      name,
    };
  }
  return { accountId, kind: 'other', path: '', name: resource };
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

const sameRole = (a: Principal | undefined, b: Principal | undefined) =>
  a !== undefined && b !== undefined && a.kind === b.kind && a.accountId === b.accountId && a.name === b.name;

function awsManaged(principal: Principal): string | undefined {
  if (principal.kind !== 'role') return undefined;
  if (principal.path.startsWith('/aws-service-role/') || principal.name.startsWith('AWSServiceRole')) {
    return `role ${principal.name} is an AWS service-linked role: AWS manages it`;
  }
  // IAM Identity Center (AWSReservedSSO_*) and other roles AWS creates under /aws-reserved/.
  if (principal.path.startsWith('/aws-reserved/') || principal.name.startsWith('AWSReservedSSO_')) {
    return `role ${principal.name} is reserved by AWS (IAM Identity Center): change it in Identity Center instead`;
  }
  return undefined;
}

/** Why `arn` must not be contained, or undefined when trailwatch may act on it. */
export function isProtected(arn: string, config: ProtectedPrincipalsConfig): string | undefined {
  const principal = parse(arn);
  if (!principal)
    return `${arn} is not an IAM user, role or session ARN: refusing to act on what cannot be named`;
  if (principal.kind === 'root') {
    return `the root user of account ${principal.accountId}: trailwatch does not act on root; secure it by hand`;
  }
  if (config.botRoleArns.some((own) => sameRole(parse(own), principal))) {
    return `${principal.name} is trailwatch's own role: containing it would stop the response`;
  }
  const managed = awsManaged(principal);
  if (managed) return managed;
  const pattern = (config.breakGlassPatterns ?? []).find((glob) => globToRegExp(glob).test(principal.name));
  if (pattern) return `${principal.kind} ${principal.name} is a break-glass principal (matches "${pattern}")`;
  if ((config.protectedArns ?? []).some((listed) => listed === arn || sameRole(parse(listed), principal))) {
    return `${principal.kind} ${principal.name} is on the protected list`;
  }
  return undefined;
}
