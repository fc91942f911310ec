/** Billing, payment or account-ownership settings were changed, or the account was closed. */
import { paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';

// CloudTrail names from the Billing console's event list (billingconsole.amazonaws.com). The IAM actions
// aws-portal:ModifyAccount / ModifyBilling / ModifyPaymentMethods authorise these calls but never appear as
// eventNames. Contact changes belong to account-contact-changed.
interface BillingChange {
  severity: Severity;
  verb: 'close' | 'change' | 'delete';
  what: string;
}

const BILLING_EVENTS: Record<string, BillingChange> = {
  CloseAccount: { severity: 'critical', verb: 'close', what: 'the account' },
  SetAccountPreferences: {
    severity: 'high',
    verb: 'change',
    what: 'the account name, root email or root password',
  },
  SetSecurityQuestions: { severity: 'high', verb: 'change', what: 'the account security questions' },
  SetPayInformation: { severity: 'medium', verb: 'change', what: 'the payment method' },
  SetIAMAccessPreference: { severity: 'medium', verb: 'change', what: "IAM users' access to billing" },
  SetFxPaymentCurrency: { severity: 'low', verb: 'change', what: 'the payment currency' },
  SetTaxRegistration: { severity: 'low', verb: 'change', what: 'the tax registration' },
  SetCreditSharing: { severity: 'low', verb: 'change', what: 'credit sharing' },
  SetRISharing: { severity: 'low', verb: 'change', what: 'RI and Savings Plans sharing' },
  DeleteOrigamiReportPreferences: { severity: 'low', verb: 'delete', what: 'a cost and usage report' },
};

export const billingSettingsChanged = defineDetector({
  meta: {
    id: 'billing-settings-changed',
    title: 'Billing or account settings changed',
    description:
      'Detects Billing console changes to who owns and pays for the account: closing it, changing the root ' +
      'email, password or security questions (critical/high: they hand over or destroy the account), the ' +
      'payment method or IAM access to billing (medium), and minor billing preferences (low). Reads billing ' +
      'CloudTrail eventNames; organizations:CloseAccount on a member account ranks high, not critical.',
    category: 'account-change',
    severity: 'medium',
    attack: ['T1531', 'T1485'],
    falsePositives: [
      'The finance team updating the card on file or the tax registration.',
      'The organization team closing a retired member account (organizations:CloseAccount from the management ' +
        'account).',
    ],
    runbook: [
      'Confirm the change with the account owner or finance team; for root email, password or security ' +
        'questions that nobody made, open an AWS Support account-security case at once.',
      "Review the caller's calls in the 2 hours around eventTime for contact, region and IAM changes.",
    ],
    references: [
      'https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/logging-using-cloudtrail.html',
      'https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/billing-permissions-ref.html',
      'https://attack.mitre.org/techniques/T1531/',
    ],
    events: Object.keys(BILLING_EVENTS),
  },
  match(event) {
    const kind = BILLING_EVENTS[event.eventName];
    if (!kind) return undefined;
    const memberClosure = event.eventName === 'CloseAccount' && event.service === 'organizations';
    const what = memberClosure ? `member account ${paramString(event, 'accountId') ?? ''}`.trim() : kind.what;
    // Every verb here ends in "e": its past tense adds "d".
    const done = event.failed ? `tried to ${kind.verb}` : `${kind.verb}d`;
    return {
      severity: memberClosure ? 'high' : kind.severity,
      summary: `${event.identity.arn} ${done} ${what} (${event.eventName}) in account ${event.recipientAccountId}.`,
    };
  },
});
