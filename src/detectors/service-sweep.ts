/** One principal calling many distinct AWS services in a short window: reconnaissance of what a key can do. */
import { callerWords } from './actor-words.js';
import { defineDetector } from './detector.js';
import { actorHistory, isDenied, isOwnToolCall, seenLately } from './enumeration-calls.js';

export const serviceSweep = defineDetector({
  meta: {
    id: 'service-sweep',
    title: 'Many AWS services called in a short window',
    description:
      'Detects one principal (per access key) calling tuning.enumeration.distinctServices or more distinct ' +
      'services within tuning.enumeration.windowMinutes: a stolen key being tried against everything to see ' +
      'what it can reach (Pacu, ScoutSuite, enumerate-iam, hand-written loops). High when the sweep is ' +
      'denied on services the principal had never called before; medium otherwise. A detector sees one ' +
      'call at a time and the grouper keeps no ratio, so "denied on a service new to the caller" stands in for ' +
      '"most calls fail": a legitimate tool runs against services it already uses. Calls AWS services make ' +
      'for the principal, console page loads and data events are left out. A service counts only at its first ' +
      'call after an hour or more without one: a service in steady use is no part of a sweep. Quiet while the ' +
      'principal is learning: its findings could only be info, and short-lived role sessions (always ' +
      'learning) are most of a busy trail, so skipping them keeps a full scan fast.',
    category: 'service-enumeration',
    severity: 'medium',
    attack: ['T1526', 'T1580'],
    falsePositives: [
      'A security audit (Prowler, ScoutSuite, Steampipe, AWS Config rules run by hand) with a person’s key.',
      'An infrastructure-as-code plan or deploy touching many services at once (Terraform, CDK, Pulumi) ' +
        'with a long-term key rather than an assumed role.',
      'An inventory or cost tool that walks every service on a schedule.',
    ],
    runbook: [
      'List the services (eventSource) and errorCode values of the userIdentity.accessKeyId in the ' +
        '30 minutes around the finding: many AccessDenied on unrelated services means someone probing.',
      'Check sourceIPAddress and userAgent against the key’s history over the previous 7 days and ask the ' +
        'owner whether they ran an audit or deploy tool.',
      'If not, deactivate the key (UpdateAccessKey Inactive) and look for what the sweep found: IAM, S3, ' +
        'Secrets Manager and EC2 calls that succeeded.',
    ],
    references: [
      'https://github.com/RhinoSecurityLabs/pacu',
      'https://github.com/andresriancho/enumerate-iam',
      'https://attack.mitre.org/techniques/T1526/',
    ],
    // Any service's call can be the tenth distinct one.
    events: '*',
    behavioural: true,
    failedCalls: 'keep',
    threshold: (tuning) => ({
      count: tuning.enumeration.distinctServices,
      windowMinutes: tuning.enumeration.windowMinutes,
    }),
  },
  match(event, context) {
    // Learning principals could only raise info, and short-lived sessions are most of a busy trail.
    if (context.learning || event.eventCategory !== 'Management') return undefined;
    const history = actorHistory(context);
    const windowMs = context.tuning.enumeration.windowMinutes * 60_000;
    if (seenLately(history?.services, event.service, event.time, windowMs)) return undefined;
    if (!isOwnToolCall(event)) return undefined;
    const probing = isDenied(event) && history?.services[event.service] === undefined;
    const { distinctServices, windowMinutes } = context.tuning.enumeration;
    return {
      severity: probing ? 'high' : 'medium',
      distinct: event.service,
      summary:
        `${callerWords(event)} called ${distinctServices} or more distinct services within ${windowMinutes} ` +
        `minutes${probing ? ', denied on services it had never used' : ''} (${event.service}:${event.eventName} ` +
        `in ${event.awsRegion} among them).`,
    };
  },
});
