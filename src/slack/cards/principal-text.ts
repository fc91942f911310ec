/** Who a card names: the principal, its role session, its access key and owner, its account. */

import { slackDate } from '../../block-kit/date-token.js';
import { inlineCode, safeText } from '../../block-kit/text.js';
import type { FindingPrincipal } from '../../findings/finding.js';
import type { AccessKeyInfo } from '../../remediation/access-key-directory.js';

/** `arn:aws:sts::123:assumed-role/Role/session` → role and session; undefined for other ARNs. */
export function roleSession(arn: string): { role: string; session: string } | undefined {
  const match = /:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  return match ? { role: match[1] as string, session: match[2] as string } : undefined;
}

/** `IAMUser \`alice\`` or `AssumedRole \`Deploy\` session \`ci-42\``, then the ARN. */
export function principalLine(principal: FindingPrincipal): string {
  const session = roleSession(principal.arn);
  const type = safeText(principal.type, 40);
  let name = '';
  if (session) name = ` ${inlineCode(session.role, 120)} session ${inlineCode(session.session, 120)}`;
  else if (principal.userName) name = ` ${inlineCode(principal.userName, 120)}`;
  return `${type}${name}\n${inlineCode(principal.arn, 300)}`;
}

/** `\`AKIA…\` owned by \`bob\` · Active · last used <date> (iam, us-east-1)` */
export function keyLine(accessKeyId: string, info: AccessKeyInfo | undefined): string {
  const kind = accessKeyId.startsWith('ASIA')
    ? ' (temporary)'
    : accessKeyId.startsWith('AKIA')
      ? ' (long-term)'
      : '';
  const key = `${inlineCode(accessKeyId, 40)}${kind}`;
  if (!info) return `${key} · owner not looked up`;
  const owner = info.userName ? `owned by ${inlineCode(info.userName, 120)}` : 'owned by the *root user*';
  const parts = [key, owner];
  if (info.status) parts.push(info.status === 'Active' ? 'Active' : '*Inactive*');
  const used = info.lastUsed;
  if (used?.at) {
    const where = [used.service, used.region].filter((x): x is string => !!x).map((x) => safeText(x, 40));
    parts.push(`last used ${slackDate(used.at)}${where.length ? ` (${where.join(', ')})` : ''}`);
  } else if (used) {
    parts.push('never used');
  }
  return parts.join(' · ');
}

/** `\`123456789012\` (prod-payments)` */
export function accountLine(accountId: string, accountName: string | undefined): string {
  const name = accountName ? ` (${safeText(accountName, 80)})` : '';
  return `${inlineCode(accountId, 20)}${name}`;
}
