/** A Glue development endpoint created or given a new SSH key: a shell with a passed role. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

const CHANGES: Record<string, Effect> = {
  CreateDevEndpoint: ['medium', 'created', 'create', 'Glue development endpoint'],
  UpdateDevEndpoint: ['medium', 'changed', 'change', 'Glue development endpoint'],
};

export const glueDevEndpointChanged = defineDetector({
  meta: {
    id: 'glue-dev-endpoint-changed',
    title: 'Glue development endpoint created or updated',
    description:
      'Detects Glue CreateDevEndpoint and UpdateDevEndpoint: with iam:PassRole a key creates an endpoint ' +
      'running as a more powerful role, or adds its own SSH key to an existing one, and takes that role’s ' +
      'credentials from the shell (Sigma aws_passed_role_to_glue_development_endpoint; Rhino Security’s ' +
      'privilege-escalation method). Medium.',
    category: 'privilege-change',
    severity: 'medium',
    attack: ['T1098', 'T1078.004'],
    falsePositives: [
      'Data engineers creating development endpoints for notebook work (rare since Glue 2.0).',
    ],
    runbook: [
      'Read requestParameters.roleArn and publicKey / addPublicKeys: which role does the endpoint run as, ' +
        'and whose key can reach it?',
      'If nobody owns it, delete the endpoint (glue delete-dev-endpoint) and contain the key.',
    ],
    references: [
      'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/',
      'https://docs.aws.amazon.com/glue/latest/dg/dev-endpoint.html',
      'https://attack.mitre.org/techniques/T1098/',
    ],
    events: Object.keys(CHANGES),
  },
  match(event) {
    const effect = CHANGES[event.eventName];
    if (!effect || event.eventSource !== 'glue.amazonaws.com') return undefined;
    const role = paramString(event, 'roleArn');
    return effectSignal(event, effect, paramString(event, 'endpointName'), role ? ` running as ${role}` : '');
  },
});
