/** IAM Roles Anywhere trust anchors and profiles created or changed. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

const ROLES_ANYWHERE = 'rolesanywhere.amazonaws.com';
/** A trust anchor on a certificate bundle trusts a CA the account does not run in ACM PCA. */
const EXTERNAL_CA = 'CERTIFICATE_BUNDLE';

const CHANGES: Record<string, Effect> = {
  CreateTrustAnchor: ['medium', 'created', 'create', 'IAM Roles Anywhere trust anchor'],
  UpdateTrustAnchor: ['medium', 'changed', 'change', 'IAM Roles Anywhere trust anchor'],
  EnableTrustAnchor: ['medium', 'enabled', 'enable', 'IAM Roles Anywhere trust anchor'],
  CreateProfile: ['medium', 'created', 'create', 'IAM Roles Anywhere profile'],
  UpdateProfile: ['medium', 'changed', 'change', 'IAM Roles Anywhere profile'],
  EnableProfile: ['low', 'enabled', 'enable', 'IAM Roles Anywhere profile'],
};

export const rolesAnywhereTrustChanged = defineDetector({
  meta: {
    id: 'roles-anywhere-trust-changed',
    title: 'IAM Roles Anywhere trust anchor or profile created or changed',
    description:
      'Detects IAM Roles Anywhere CreateTrustAnchor, UpdateTrustAnchor, EnableTrustAnchor, CreateProfile, ' +
      'UpdateProfile and EnableProfile: a trust anchor lets anyone holding a certificate from its CA take a ' +
      'role’s credentials from outside AWS for as long as the certificate lives, a persistence that survives ' +
      'every key rotation (Elastic "IAM Roles Anywhere Trust Anchor Created with External CA" and "Profile ' +
      'Created"). A trust anchor on an external CERTIFICATE_BUNDLE ranks high, other changes medium.',
    category: 'privilege-change',
    severity: 'medium',
    attack: ['T1098.003', 'T1556'],
    falsePositives: [
      'A platform team onboarding on-premises workloads with the organization’s own CA.',
      'Rotating the CA bundle of an existing trust anchor before it expires.',
    ],
    runbook: [
      'Read requestParameters.source (sourceType, sourceData) and the profile’s roleArns: who owns that CA ' +
        'and which roles can it reach?',
      'List CreateSession calls on rolesanywhere since eventTime (userIdentity.type "RolesAnywhere" or the ' +
        'profile ARN) and what those sessions did.',
      'If nobody owns the change, disable the trust anchor (rolesanywhere disable-trust-anchor) and contain the key.',
    ],
    references: [
      'https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html',
      'https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CreateTrustAnchor.html',
      'https://attack.mitre.org/techniques/T1098/003/',
    ],
    events: Object.keys(CHANGES),
  },
  match(event) {
    const effect = CHANGES[event.eventName];
    if (!effect || event.eventSource !== ROLES_ANYWHERE) return undefined;
    const external = paramString(event, 'source.sourceType') === EXTERNAL_CA;
    const name =
      paramString(event, 'name') ?? paramString(event, 'trustAnchorId') ?? paramString(event, 'profileId');
    const signal = effectSignal(event, effect, name, external ? ', trusting an external CA bundle' : '');
    return external ? { ...signal, severity: 'high' } : signal;
  },
});
