/** IAM SAML or OIDC identity providers created, changed or deleted. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

const IAM = 'iam.amazonaws.com';

const CHANGES: Record<string, Effect> = {
  CreateSAMLProvider: ['high', 'created', 'create', 'SAML identity provider'],
  UpdateSAMLProvider: ['medium', 'changed', 'change', 'the metadata of SAML identity provider'],
  DeleteSAMLProvider: ['medium', 'deleted', 'delete', 'SAML identity provider'],
  CreateOpenIDConnectProvider: ['medium', 'created', 'create', 'OIDC identity provider'],
  UpdateOpenIDConnectProviderThumbprint: ['medium', 'changed', 'change', 'the thumbprint of OIDC provider'],
  AddClientIDToOpenIDConnectProvider: ['low', 'added', 'add', 'a client ID to OIDC provider'],
  DeleteOpenIDConnectProvider: ['low', 'deleted', 'delete', 'OIDC identity provider'],
};

export const identityProviderChanged = defineDetector({
  meta: {
    id: 'identity-provider-changed',
    title: 'IAM SAML or OIDC identity provider created, changed or deleted',
    description:
      'Detects IAM SAML providers created (high), updated or deleted (medium) and OIDC providers created or ' +
      're-keyed (medium): an intruder who registers an identity provider it controls, or swaps the signing ' +
      'certificate of one, can mint role sessions for any role that trusts it without a key (golden SAML; ' +
      'Sigma aws_delete_saml_provider, Elastic "IAM SAML Provider Updated" and "SAML Provider Deleted", ' +
      'Panther AWS.Suspicious.SAML.Activity). Deleting a provider cuts the real users off.',
    category: 'privilege-change',
    severity: 'high',
    attack: ['T1484.002', 'T1606.002'],
    falsePositives: [
      'Onboarding a new identity provider or rotating its signing certificate (UpdateSAMLProvider).',
      'Setting up GitHub Actions or another CI as an OIDC provider for deploy roles.',
    ],
    runbook: [
      'Read requestParameters.name or sAMLProviderArn / openIDConnectProviderArn and compare the metadata ' +
        'or thumbprint with what the identity team publishes.',
      'List AssumeRoleWithSAML and AssumeRoleWithWebIdentity calls naming that provider since eventTime, ' +
        'and the roles whose trust policy names it.',
      'If nobody owns the change, delete or restore the provider and contain the calling key.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml.html',
      'https://www.cyberark.com/resources/threat-research-blog/golden-saml-newly-discovered-attack-technique-forges-authentication-to-cloud-apps',
      'https://attack.mitre.org/techniques/T1484/002/',
    ],
    events: Object.keys(CHANGES),
  },
  match(event) {
    const effect = CHANGES[event.eventName];
    if (!effect || event.eventSource !== IAM) return undefined;
    const name =
      paramString(event, 'name') ??
      paramString(event, 'sAMLProviderArn') ??
      paramString(event, 'url') ??
      paramString(event, 'openIDConnectProviderArn');
    return effectSignal(event, effect, name);
  },
});
