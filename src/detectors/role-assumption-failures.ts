/** Bursts of failed AssumeRole* from one caller. */
import { ASSUME_ROLE_EVENTS, isUntrustedOutsider, targetRole } from './assume-role-call.js';
import { defineDetector } from './detector.js';

export const roleAssumptionFailures = defineDetector({
  meta: {
    id: 'role-assumption-failures',
    title: 'Burst of failed role assumptions',
    description:
      'Detects one caller failing AssumeRole, AssumeRoleWithWebIdentity or AssumeRoleWithSAML ' +
      'tuning.roleAssumption.failedBurst times or more within tuning.roleAssumption.windowMinutes: a stolen ' +
      'key trying the roles it found with ListRoles, or an outside account probing trust policies. Failures ' +
      'are the signal, so they are not ranked lower. Ranks medium, high when the caller’s account is not the ' +
      'role’s and not in tuning.allow.trustedAccounts. AWS services failing to assume a role rank two steps ' +
      'lower (a broken trust policy, not an intruder). CloudTrail may record a denied cross-account attempt ' +
      'only in the caller’s account, so outside probing can be under-counted here.',
    category: 'role-assumption',
    severity: 'medium',
    attack: ['T1078.004', 'T1087.004'],
    falsePositives: [
      'An application or CI job retrying against a role whose trust policy was just changed or deleted.',
      'A GitHub Actions workflow whose OIDC subject (branch, environment) the role’s trust policy does not ' +
        'match, re-run several times.',
    ],
    runbook: [
      'List the requestParameters.roleArn values and errorMessage of the failed calls in the window; many ' +
        'distinct roles point at probing, one role at a misconfiguration.',
      'Check whether the same userIdentity.accessKeyId succeeded in any AssumeRole* in the 2 hours after the ' +
        'burst, and what that session did.',
      'If the caller is not a known workload, contain its key (deactivate it, revoke its sessions).',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_roles.html',
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html',
      'https://attack.mitre.org/techniques/T1078/004/',
    ],
    events: ASSUME_ROLE_EVENTS,
    threshold: (tuning) => ({
      count: tuning.roleAssumption.failedBurst,
      windowMinutes: tuning.roleAssumption.windowMinutes,
    }),
    failedCalls: 'keep',
  },
  match(event, context) {
    if (!event.failed) return undefined;
    const role = targetRole(event);
    const outsider = role !== undefined && isUntrustedOutsider(event, role, context);
    const { failedBurst, windowMinutes } = context.tuning.roleAssumption;
    const from = outsider ? ` from untrusted account ${event.identity.accountId}` : '';
    return {
      severity: outsider ? 'high' : 'medium',
      summary:
        `${event.identity.arn}${from} failed ${event.eventName} ${failedBurst} or more times within ` +
        `${windowMinutes} minutes, first on role ${role?.name ?? 'unknown'} (${event.errorCode}).`,
    };
  },
});
