/** A console password created or reset for an IAM user. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { param } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';
import { iamTarget } from './iam-target.js';

const LOGIN_PROFILE_EVENTS = ['CreateLoginProfile', 'UpdateLoginProfile'];

/**
 * Whose password: the caller's own IAM user, a user the role session is named after (session names are
 * chosen by the caller, so this only softens the verdict), or someone else.
 */
type Whose = 'own' | 'session-namesake' | 'other';

function whoseProfile(event: TrailEvent): { whose: Whose; userName: string } {
  const target = iamTarget(event);
  if (target.kind !== 'another-user') return { whose: 'own', userName: target.userName };
  const session = event.identity.sessionName?.toLowerCase();
  const whose = session === target.userName.toLowerCase() ? 'session-namesake' : 'other';
  return { whose, userName: target.userName };
}

function severityFor(event: TrailEvent, whose: Whose): Severity {
  const resetRequired = param(event, 'passwordResetRequired');
  const mustReset = resetRequired === true || resetRequired === 'true';
  if (whose === 'other') return mustReset ? 'medium' : 'high';
  // Giving your own user a console password turns a stolen key into a console session.
  if (whose === 'session-namesake' || event.eventName === 'CreateLoginProfile') return 'medium';
  return 'low';
}

export const loginProfileChanged = defineDetector({
  meta: {
    id: 'login-profile-changed',
    title: 'Console password created or reset',
    description:
      'Detects CreateLoginProfile and UpdateLoginProfile. High when done for another user without forcing a ' +
      "reset: the caller now knows that user's console password (Panther AWS.User.Login.Profile.Modified). " +
      'Medium when the other user must reset it at first sign-in (a help-desk reset), or when a user gives ' +
      'itself a console password (a stolen key turned into console access). Low for a user updating its own. ' +
      'A role session named after the target user (Panther treats it as the user changing their own password) ' +
      'ranks medium: session names are chosen by the caller, so they soften the verdict but cannot clear it.',
    category: 'privilege-change',
    severity: 'high',
    attack: ['T1098.001'],
    falsePositives: [
      'Help-desk or IAM administrators setting an initial password for a new starter (usually with passwordResetRequired true).',
      'Onboarding automation that creates login profiles for new IAM users.',
    ],
    runbook: [
      'Ask the owner of requestParameters.userName whether they expected a new password; if not, delete the login profile (iam delete-login-profile).',
      'Look for ConsoleLogin events by requestParameters.userName in the 24 hours after eventTime, and note their sourceIPAddress.',
      'If userIdentity.accessKeyId is not an administrator or onboarding key, deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-create-user-login-profile/',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.privilege-escalation.iam-update-user-login-profile/',
      'https://attack.mitre.org/techniques/T1098/001/',
    ],
    events: LOGIN_PROFILE_EVENTS,
  },
  match(event) {
    const { whose, userName } = whoseProfile(event);
    const severity = severityFor(event, whose);
    const verb = event.eventName === 'CreateLoginProfile' ? 'created' : 'reset';
    const attempt = event.failed ? `tried to ${verb === 'created' ? 'create' : 'reset'}` : verb;
    const of = whose === 'own' ? `its own user ${userName}` : `user ${userName}`;
    return { severity, summary: `${event.identity.arn} ${attempt} the console password of ${of}.` };
  },
});
