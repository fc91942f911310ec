/** VPC traffic mirroring set up: a copy of an instance's packets sent elsewhere. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

const CHANGES: Record<string, Effect> = {
  CreateTrafficMirrorSession: [
    'medium',
    'created',
    'create',
    'a traffic mirror session for network interface',
  ],
  CreateTrafficMirrorTarget: ['low', 'created', 'create', 'a traffic mirror target'],
  ModifyTrafficMirrorSession: ['low', 'changed', 'change', 'traffic mirror session'],
};

export const trafficMirroringCreated = defineDetector({
  meta: {
    id: 'traffic-mirroring-created',
    title: 'VPC traffic mirroring set up',
    description:
      'Detects CreateTrafficMirrorSession (medium), CreateTrafficMirrorTarget and ModifyTrafficMirrorSession ' +
      '(low): a mirror copies every packet of a network interface to a target the caller chooses, which ' +
      'reads clear-text credentials and data off the wire (Panther AWS.EC2.Traffic.Mirroring).',
    category: 'data-exfiltration',
    severity: 'medium',
    attack: ['T1040', 'T1020'],
    falsePositives: [
      'A network or security team setting up packet capture for an IDS or for troubleshooting.',
    ],
    runbook: [
      'Read requestParameters.networkInterfaceId and trafficMirrorTargetId: whose traffic, and where does ' +
        'the target (NLB, ENI, Gateway Load Balancer endpoint) send it?',
      'If nobody owns it, delete the session (ec2 delete-traffic-mirror-session) and contain the key.',
    ],
    references: [
      'https://docs.aws.amazon.com/vpc/latest/mirroring/what-is-traffic-mirroring.html',
      'https://attack.mitre.org/techniques/T1040/',
    ],
    events: Object.keys(CHANGES),
  },
  match(event) {
    const effect = CHANGES[event.eventName];
    if (!effect) return undefined;
    const name =
      paramString(event, 'CreateTrafficMirrorSessionRequest.NetworkInterfaceId') ??
      paramString(event, 'networkInterfaceId') ??
      paramString(event, 'trafficMirrorSessionId');
    return effectSignal(event, effect, name);
  },
});
