/** IAM Identity Center's identity source or external IdP trust changed; permission sets widened. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

const SOURCES = new Set(['sso.amazonaws.com', 'sso-directory.amazonaws.com']);

const CHANGES: Record<string, Effect> = {
  // The identity source: whoever signs assertions for it signs in as anyone in the directory.
  ImportExternalIdPCertificate: [
    'high',
    'imported',
    'import',
    'an external IdP signing certificate into Identity Center',
  ],
  DeleteExternalIdPCertificate: [
    'medium',
    'deleted',
    'delete',
    'an external IdP signing certificate of Identity Center',
  ],
  CreateExternalIdPConfigurationForDirectory: [
    'high',
    'created',
    'create',
    'an external IdP configuration for Identity Center',
  ],
  UpdateExternalIdPConfigurationForDirectory: [
    'high',
    'changed',
    'change',
    'the external IdP configuration of Identity Center',
  ],
  EnableExternalIdPConfigurationForDirectory: [
    'high',
    'enabled',
    'enable',
    'an external IdP for Identity Center',
  ],
  DisableExternalIdPConfigurationForDirectory: [
    'high',
    'disabled',
    'disable',
    'the external IdP of Identity Center',
  ],
  AssociateDirectory: ['high', 'changed', 'change', 'the Identity Center identity source to directory'],
  DisassociateDirectory: ['high', 'removed', 'remove', 'the Identity Center identity source'],
  // A user's MFA device removed: the next sign-in needs only a password the intruder may have set.
  DeleteMfaDeviceForUser: ['medium', 'removed', 'remove', 'an MFA device of an Identity Center user'],
  // Permission sets: what every assigned user gets in every assigned account.
  AttachManagedPolicyToPermissionSet: ['medium', 'attached', 'attach', 'a managed policy to permission set'],
  PutInlinePolicyToPermissionSet: ['medium', 'put', 'put', 'an inline policy on permission set'],
  CreateAccountAssignment: ['low', 'granted', 'grant', 'a permission set to a user or group, permission set'],
};

export const identityCenterChanged = defineDetector({
  meta: {
    id: 'identity-center-changed',
    title: 'IAM Identity Center identity source or permission set changed',
    description:
      'Detects changes to IAM Identity Center’s identity source and external IdP trust (high; Elastic "AWS ' +
      'Identity Center Identity Source Changed"): importing a signing certificate or repointing the IdP lets ' +
      'an intruder sign in as any user of the directory. MFA devices removed from users (Elastic ' +
      'credential_access_identitycenter_mfa_device_removed_from_user) and policies attached to permission sets rank medium and ' +
      'new account assignments low (Sigma aws_iam_identity_center_permission_set_privilege_escalation).',
    category: 'privilege-change',
    severity: 'high',
    attack: ['T1556.007', 'T1484.002', 'T1098'],
    falsePositives: [
      'Yearly signing-certificate rotation of the corporate identity provider.',
      'The identity team adding policies to permission sets or assigning new joiners through its tooling.',
    ],
    runbook: [
      'Compare the certificate thumbprint or IdP metadata with what the identity provider publishes; for ' +
        'permission sets, read requestParameters.permissionSetArn and the policy added.',
      'List sign-ins to Identity Center (sso.amazonaws.com Authenticate, Federate) since eventTime and the ' +
        'role sessions they led to.',
      'If nobody owns the change, restore the trust or policy and contain the calling principal.',
    ],
    references: [
      'https://docs.aws.amazon.com/singlesignon/latest/userguide/manage-your-identity-source-idp.html',
      'https://docs.aws.amazon.com/singlesignon/latest/userguide/logging-using-cloudtrail.html',
      'https://attack.mitre.org/techniques/T1556/007/',
    ],
    events: Object.keys(CHANGES),
  },
  match(event) {
    const effect = CHANGES[event.eventName];
    if (!effect || !SOURCES.has(event.eventSource)) return undefined;
    const name = paramString(event, 'permissionSetArn') ?? paramString(event, 'directoryId');
    return effectSignal(event, effect, name);
  },
});
