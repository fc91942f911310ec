/** Lightsail instances created or started: compute outside the EC2 controls most teams watch. */
import { items, param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

const LIGHTSAIL = 'lightsail.amazonaws.com';

const LAUNCHES: Record<string, Effect> = {
  CreateInstances: ['low', 'created', 'create', 'Lightsail instances'],
  CreateInstancesFromSnapshot: ['low', 'created', 'create', 'Lightsail instances from a snapshot'],
  StartInstance: ['low', 'started', 'start', 'Lightsail instance'],
};

export const lightsailInstanceLaunched = defineDetector({
  meta: {
    id: 'lightsail-instance-launched',
    title: 'Lightsail instance created or started',
    description:
      'Detects Lightsail CreateInstances, CreateInstancesFromSnapshot and StartInstance (low; Sigma ' +
      'aws_lightsail_instance_created_or_started): miners and spammers with a stolen key use Lightsail because ' +
      'its instances sit outside EC2 dashboards, quotas and security groups. Low: a finding to read beside ' +
      'the key’s other calls, not a page.',
    category: 'resource-abuse',
    severity: 'low',
    attack: ['T1496.001', 'T1578.002'],
    falsePositives: ['Teams that run small sites or test boxes on Lightsail.'],
    runbook: [
      'Read requestParameters.instanceNames, bundleId and availabilityZone; ask the principal’s owner whether ' +
        'they launched them.',
      'If not, stop and delete the instances (lightsail delete-instance), check for key pairs and open ports ' +
        'created with them, and contain the key.',
    ],
    references: [
      'https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_CreateInstances.html',
      'https://attack.mitre.org/techniques/T1496/001/',
    ],
    events: Object.keys(LAUNCHES),
  },
  match(event) {
    const effect = LAUNCHES[event.eventName];
    if (!effect || event.eventSource !== LIGHTSAIL) return undefined;
    const names = items(param(event, 'instanceNames')).filter(
      (name): name is string => typeof name === 'string',
    );
    const name = names.length > 0 ? names.slice(0, 3).join(', ') : paramString(event, 'instanceName');
    const bundle = paramString(event, 'bundleId');
    return effectSignal(event, effect, name, bundle ? ` (bundle ${bundle})` : '');
  },
});
