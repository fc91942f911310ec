/** Read calls across many regions in a short window: looking for where the account keeps things. */
import { callerWords } from './actor-words.js';
import { defineDetector } from './detector.js';
import { actorHistory, isOwnToolCall, isReadCall, seenLately } from './enumeration-calls.js';

export const regionSweep = defineDetector({
  meta: {
    id: 'region-sweep',
    title: 'Read calls across many regions in a short window',
    description:
      'Detects one principal (per access key) making List/Describe/Get calls in ' +
      'tuning.enumeration.distinctRegions or more regions within tuning.enumeration.windowMinutes: ' +
      'enumeration scripts loop over every region to find instances, functions and databases, while people ' +
      'and jobs stay in a few. Calls AWS services make for the principal and console page loads (EC2 Global ' +
      'View reads every region) are left out. A region counts only at its first successful call ' +
      'after an hour or more without one (denied reads always count). Quiet while the principal is learning ' +
      '(its findings could only be info; skipping short-lived sessions keeps a scan fast).',
    category: 'service-enumeration',
    severity: 'medium',
    attack: ['T1580', 'T1526'],
    falsePositives: [
      'Inventory, cost or security tools that walk every region (Prowler, ScoutSuite, Steampipe, ' +
        'aws ec2 describe-regions loops in scripts).',
      'Multi-region deploys or DR tests that read stacks in many regions at once.',
    ],
    runbook: [
      'List the awsRegion and eventName values of the userIdentity.accessKeyId in the window: the same few ' +
        'Describe calls repeated region after region is a script.',
      'Check whether the same key then created anything in a region the account does not use ' +
        '(RunInstances, CreateFunction) in the following 2 hours.',
      'If the owner does not recognise the sweep, deactivate the key and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/ec2/latest/devguide/global-view.html',
      'https://github.com/RhinoSecurityLabs/pacu',
      'https://attack.mitre.org/techniques/T1580/',
    ],
    // Reads span every service; the prefix test is cheap.
    events: '*',
    behavioural: true,
    threshold: (tuning) => ({
      count: tuning.enumeration.distinctRegions,
      windowMinutes: tuning.enumeration.windowMinutes,
    }),
  },
  match(event, context) {
    // Learning principals could only raise info, and short-lived sessions are most of a busy trail.
    if (context.learning || !isReadCall(event)) return undefined;
    const windowMs = context.tuning.enumeration.windowMinutes * 60_000;
    // Regions are learned from successful calls only, so a denied read in a fresh region still counts.
    if (seenLately(actorHistory(context)?.regions, event.awsRegion, event.time, windowMs)) return undefined;
    if (!isOwnToolCall(event)) return undefined;
    const { distinctRegions, windowMinutes } = context.tuning.enumeration;
    return {
      distinct: event.awsRegion,
      summary:
        `${callerWords(event)} made List/Describe/Get calls in ${distinctRegions} or more regions within ` +
        `${windowMinutes} minutes from ${event.sourceIp} (${event.eventName} in ${event.awsRegion} among them).`,
    };
  },
});
