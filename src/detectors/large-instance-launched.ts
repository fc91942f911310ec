/** GPU, accelerator or very large EC2 instances launched, requested or templated. */
import { defineDetector } from './detector.js';

const LAUNCH_EVENTS = [
  'RunInstances',
  'RequestSpotInstances',
  'RequestSpotFleet',
  'CreateFleet',
  'CreateLaunchTemplate',
  'CreateLaunchTemplateVersion',
  'ModifyInstanceAttribute',
];
/** GPU (p, g), Trainium, Inferentia and Habana (dl) families: what cryptominers and LLM thieves want. */
const ACCELERATED_FAMILY = /^(p[2-9]|g[3-9]|gr6|inf[1-9]|trn[1-9]|dl[1-9])[a-z0-9-]*$/;
/** These only prepare a launch, so they rank one step lower than a launch. */
const TEMPLATE_EVENTS = new Set(['CreateLaunchTemplate', 'CreateLaunchTemplateVersion']);
const LARGE_SIZE_XLARGE = 16;
/** Keys under which EC2 and Auto Scaling write an instance type, at any depth of the request. */
const TYPE_KEY = /^instancetype$/i;
const MAX_DEPTH = 8;

/** Every instance type named in the request or response, e.g. "p4d.24xlarge". */
function instanceTypes(node: unknown, depth = 0, found = new Set<string>()): Set<string> {
  if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return found;
  for (const [key, value] of Object.entries(node)) {
    if (TYPE_KEY.test(key)) {
      // ModifyInstanceAttribute writes {"instanceType": {"value": "p3.8xlarge"}}.
      const type = typeof value === 'string' ? value : (value as { value?: unknown } | null)?.value;
      if (typeof type === 'string') found.add(type);
    } else {
      instanceTypes(value, depth + 1, found);
    }
  }
  return found;
}

/** Why a type is costly, or undefined when it is ordinary. */
function costlyBecause(type: string): string | undefined {
  const [family = '', size = ''] = type.toLowerCase().split('.');
  if (ACCELERATED_FAMILY.test(family)) return 'GPU/accelerator';
  if (size.startsWith('metal')) return 'bare metal';
  const xlarge = /^(\d+)xlarge$/.exec(size);
  if (xlarge && Number(xlarge[1]) >= LARGE_SIZE_XLARGE) return 'very large';
  return undefined;
}

export const largeInstanceLaunched = defineDetector({
  meta: {
    id: 'large-instance-launched',
    title: 'GPU or very large EC2 instance launched',
    description:
      'Detects RunInstances, spot and fleet requests, launch templates and instance-type changes that name ' +
      'a GPU or accelerator family (p2–p6, g3–g6, gr6, inf, trn, dl) or a size of 16xlarge and above or ' +
      'metal (launch templates one step lower): an intruder with a stolen key launches them to mine ' +
      'crypto or run models, at the account ' +
      "owner's cost. Failed launches (quota, capacity, permission) count too, one step lower, since they " +
      'show intent. Launches through a launch template that the record does not spell out are not seen.',
    category: 'resource-abuse',
    severity: 'high',
    attack: ['T1496.001', 'T1578.002'],
    falsePositives: [
      'Machine-learning or HPC teams launching training and inference instances.',
      'Large database or analytics hosts (x2, u-, r7i.24xlarge) sized on purpose.',
    ],
    runbook: [
      'Find the instances from responseElements.instancesSet.items[].instanceId (or the fleet/spot request ' +
        'id) and check their owner, tags and region; stop them if nobody claims them.',
      'List RunInstances by the same userIdentity.accessKeyId in every region over the 24 hours around ' +
        'eventTime: miners launch in many regions at once.',
      'If unclaimed, contain the key (deactivate it, revoke its sessions) and look for new key pairs and ' +
        'security groups created in the same hour.',
    ],
    references: [
      'https://aws.amazon.com/ec2/instance-types/',
      'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-ec2.html',
      'https://attack.mitre.org/techniques/T1496/001/',
    ],
    events: LAUNCH_EVENTS,
  },
  match(event) {
    const types = instanceTypes({ request: event.requestParameters, response: event.responseElements });
    const costly = [...types]
      .map((type) => ({ type, why: costlyBecause(type) }))
      .filter((each) => each.why !== undefined);
    if (costly.length === 0) return undefined;
    const list = costly.map((each) => `${each.type} (${each.why})`).join(', ');
    const verb = event.failed ? `tried ${event.eventName} for` : `used ${event.eventName} for`;
    return {
      severity: TEMPLATE_EVENTS.has(event.eventName) ? 'medium' : 'high',
      summary: `${event.identity.arn} ${verb} ${list} in ${event.awsRegion}.`,
    };
  },
});
