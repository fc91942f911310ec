/** A burst of AccessDenied errors from one principal: a key being tried against what it may not do. */
import type { Severity } from '../findings/severity.js';
import { callerWords } from './actor-words.js';
import { defineDetector } from './detector.js';
import { actionOf, actorHistory, DENIED_ERROR_CODES, isDenied, isOwnToolCall } from './enumeration-calls.js';

export const accessDeniedBurst = defineDetector({
  meta: {
    id: 'access-denied-burst',
    title: 'Burst of AccessDenied errors',
    description:
      `Detects one principal (per access key) receiving tuning.enumeration.accessDenied or more denials ` +
      `(${[...DENIED_ERROR_CODES].join(', ')}) within tuning.enumeration.windowMinutes: someone with a ` +
      'stolen key finding out what it may do. Medium when the denied actions are new to the key or ' +
      'principal; low when it is denied the same actions it always is (a misconfigured job). Denials are the ' +
      'point here, so failed calls keep their severity. Calls AWS services make for the principal and ' +
      'console page loads (pages the user may not see) are left out.',
    category: 'service-enumeration',
    severity: 'medium',
    attack: ['T1580', 'T1526'],
    falsePositives: [
      'A job or application whose policy was narrowed, retrying the same denied call (ranks low once known).',
      'A new deploy pipeline or tool run before its role has the permissions it needs.',
      'A permission-boundary or SCP change that denies calls people routinely make.',
    ],
    runbook: [
      'Group the denials of the userIdentity.accessKeyId by eventSource and eventName for the window: many ' +
        'services and actions points at probing, one repeated action at a broken job.',
      'Check what succeeded from the same sourceIPAddress in the hour after the burst (errorCode absent).',
      'If the owner does not recognise the calls, deactivate the key and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html',
      'https://github.com/andresriancho/enumerate-iam',
      'https://attack.mitre.org/techniques/T1580/',
    ],
    // Any API can answer AccessDenied.
    events: '*',
    behavioural: true,
    failedCalls: 'keep',
    threshold: (tuning) => ({
      count: tuning.enumeration.accessDenied,
      windowMinutes: tuning.enumeration.windowMinutes,
    }),
  },
  match(event, context) {
    if (!isDenied(event) || !isOwnToolCall(event)) return undefined;
    const action = actionOf(event);
    const known = actorHistory(context)?.actions[action] !== undefined;
    const severity: Severity = known ? 'low' : 'medium';
    const { accessDenied, windowMinutes } = context.tuning.enumeration;
    return {
      severity,
      summary:
        `${callerWords(event)} was denied ${accessDenied} or more calls within ${windowMinutes} minutes ` +
        `from ${event.sourceIp} (${action} with ${event.errorCode} among them).`,
    };
  },
});
