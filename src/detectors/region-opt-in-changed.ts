/** An opt-in region was enabled or disabled for the account. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const REGION_EVENTS = ['EnableRegion', 'DisableRegion'];

export const regionOptInChanged = defineDetector({
  meta: {
    id: 'region-opt-in-changed',
    title: 'Opt-in region enabled or disabled',
    description:
      'Detects account:EnableRegion and account:DisableRegion. Intruders enable an opt-in region (af-south-1, ' +
      'me-central-1…) that nobody watches and run miners or relays there; a new region also lies outside ' +
      'trails and GuardDuty configured only for the old ones. Enabling ranks medium, disabling low.',
    category: 'account-change',
    severity: 'medium',
    attack: ['T1535'],
    falsePositives: [
      'A team expanding into a new region after the cloud team approved it.',
      'The organization team enabling regions across member accounts from the management account ' +
        '(requestParameters.accountId names the member).',
    ],
    runbook: [
      'Ask the cloud team whether the region (requestParameters.regionName) was planned; if not, disable it ' +
        'after checking it for resources.',
      'List RunInstances, CreateFunction and CreateStack in that region in the 24 hours after eventTime.',
      'Make sure CloudTrail and GuardDuty cover the region.',
    ],
    references: [
      'https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html',
      'https://attack.mitre.org/techniques/T1535/',
    ],
    events: REGION_EVENTS,
  },
  match(event) {
    // The API field is regionName; some exports (and Panther's sample) write RegionName.
    const region = paramString(event, 'regionName') ?? paramString(event, 'RegionName') ?? 'a region';
    const account = paramString(event, 'accountId') ?? event.recipientAccountId;
    const enable = event.eventName === 'EnableRegion';
    const verb = enable ? 'enabled' : 'disabled';
    const attempt = event.failed ? `tried to ${enable ? 'enable' : 'disable'}` : verb;
    return {
      severity: enable ? 'medium' : 'low',
      summary: `${event.identity.arn} ${attempt} region ${region} for account ${account}.`,
    };
  },
});
