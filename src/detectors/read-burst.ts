/** A burst of many distinct List/Describe/Get actions by one principal: mapping an account. */
import { callerWords } from './actor-words.js';
import { defineDetector } from './detector.js';
import {
  actionOf,
  actorHistory,
  isOwnToolCall,
  isReadCall,
  READ_PREFIXES,
  seenLately,
} from './enumeration-calls.js';

export const readBurst = defineDetector({
  meta: {
    id: 'read-burst',
    title: 'Burst of distinct List/Describe/Get calls',
    description:
      `Detects one principal (per access key) making tuning.enumeration.distinctReadActions or more distinct ` +
      `read actions (${READ_PREFIXES.join('/')}*, counted as service:eventName) within ` +
      'tuning.enumeration.windowMinutes: reconnaissance of users, roles, policies, buckets, secrets and ' +
      'instances after a key is stolen. Management events only (bulk S3 GetObject is s3-access), not calls ' +
      'AWS services make for the principal, and not console page loads (each console page fires a dozen ' +
      'Describe calls; console sessions belong to console-access). An action counts only at its first call ' +
      'after an hour or more without one: a poller repeating its few reads is no burst. Quiet while the ' +
      'principal is learning (its findings could only be info; skipping short-lived sessions keeps a scan ' +
      'fast).',
    category: 'service-enumeration',
    severity: 'medium',
    attack: ['T1580', 'T1087.004', 'T1069.003'],
    falsePositives: [
      'Infrastructure-as-code refreshes (terraform plan, cdk diff) that read every resource type of a large ' +
        'stack with a long-term key.',
      'Security or inventory scanners (Prowler, ScoutSuite, Steampipe, CloudQuery) run with a person’s key.',
    ],
    runbook: [
      'List the eventName values of the userIdentity.accessKeyId in the window and the 30 minutes after it: ' +
        'IAM (ListUsers, GetAccountAuthorizationDetails), Secrets Manager and S3 reads first are typical of ' +
        'an intruder.',
      'Compare sourceIPAddress and userAgent with the key’s previous 7 days and ask the owner which tool ran.',
      'If unexplained, deactivate the key and review every write it made in the 2 hours after the burst.',
    ],
    references: [
      'https://github.com/andresriancho/enumerate-iam',
      'https://hackingthe.cloud/aws/enumeration/enumerate_permissions_without_logging/',
      'https://attack.mitre.org/techniques/T1580/',
    ],
    // Reads span every service; the prefix test is cheap.
    events: '*',
    behavioural: true,
    threshold: (tuning) => ({
      count: tuning.enumeration.distinctReadActions,
      windowMinutes: tuning.enumeration.windowMinutes,
    }),
  },
  match(event, context) {
    // Learning principals could only raise info, and short-lived sessions are most of a busy trail.
    if (context.learning || !isReadCall(event)) return undefined;
    const action = actionOf(event);
    const windowMs = context.tuning.enumeration.windowMinutes * 60_000;
    if (seenLately(actorHistory(context)?.actions, action, event.time, windowMs)) return undefined;
    if (!isOwnToolCall(event)) return undefined;
    const { distinctReadActions, windowMinutes } = context.tuning.enumeration;
    return {
      distinct: action,
      summary:
        `${callerWords(event)} made ${distinctReadActions} or more distinct List/Describe/Get calls within ` +
        `${windowMinutes} minutes, from ${event.sourceIp} (${action} among them).`,
    };
  },
});
