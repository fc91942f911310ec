/** A long-term key was turned into a federated session with GetFederationToken. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { items, param, paramString, parsePolicy } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const GET_FEDERATION_TOKEN = ['GetFederationToken'];
const ADMIN_POLICY = /:policy\/AdministratorAccess$/;

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** An inline session policy allowing every action, or AdministratorAccess passed as a managed policy. */
function grantsEverything(event: TrailEvent): boolean {
  const policy = parsePolicy(param(event, 'policy'));
  for (const statement of asList(policy?.Statement)) {
    if (!statement || typeof statement !== 'object') continue;
    const { Effect, Action } = statement as Record<string, unknown>;
    if (Effect === 'Allow' && asList(Action).includes('*')) return true;
  }
  return items(param(event, 'policyArns')).some((entry) => {
    const arn = entry && typeof entry === 'object' ? (entry as Record<string, unknown>).arn : undefined;
    return typeof arn === 'string' && ADMIN_POLICY.test(arn);
  });
}

export const federationTokenRequested = defineDetector({
  meta: {
    id: 'federation-token-requested',
    title: 'Federation token minted from a long-term key',
    description:
      'Detects sts:GetFederationToken by an IAM user or root. It turns a long-term key into temporary ' +
      "credentials that survive the key's deactivation (up to 36 hours) and can be exchanged for a console " +
      'session through the federation endpoint, a known persistence step after key theft. Medium by ' +
      'default; high when the session policy allows every action or passes AdministratorAccess, or when ' +
      'root asks.',
    category: 'console-access',
    severity: 'medium',
    attack: ['T1550.001', 'T1078.004'],
    falsePositives: [
      'An identity broker or proxy that mints federated sessions for its users by design.',
      'Engineers running `aws-vault login` or similar tools with an IAM user profile that has no role.',
    ],
    runbook: [
      'Identify the key (userIdentity.accessKeyId) and the federated name (requestParameters.name); ask the ' +
        'owner whether they use a broker or aws-vault.',
      'List calls by arn:aws:sts::<account>:federated-user/<name>, and GetSigninToken or ConsoleLogin by it, ' +
        'in the 36 hours after eventTime.',
      'If unexpected, deactivate the key and deny the user with an aws:TokenIssueTime condition to kill the ' +
        'federated sessions too.',
    ],
    references: [
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html',
      'https://attack.mitre.org/techniques/T1550/001/',
    ],
    events: GET_FEDERATION_TOKEN,
  },
  match(event) {
    const { identity } = event;
    if (identity.type !== 'IAMUser' && identity.type !== 'Root') return undefined;
    const broad = grantsEverything(event);
    const name = paramString(event, 'name');
    const who = identity.type === 'Root' ? `The root user of account ${identity.accountId}` : identity.arn;
    const verb = event.failed ? 'tried to mint' : 'minted';
    return {
      severity: broad || identity.type === 'Root' ? 'high' : 'medium',
      summary:
        `${who} ${verb} federated session${name ? ` "${name}"` : ''} from ${event.sourceIp}` +
        `${identity.accessKeyId ? ` with key ${identity.accessKeyId}` : ''}${broad ? ', allowing every action' : ''}.`,
    };
  },
});
