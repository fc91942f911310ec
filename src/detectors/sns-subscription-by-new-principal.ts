/** A principal that never subscribed to SNS topics adding a subscription: a channel for the topic's data. */
import type { DetectionContext } from '../behaviour/context.js';
import type { TrailEvent } from '../cloudtrail/event.js';
import { paramString } from '../cloudtrail/fields.js';
import { callerWords } from './actor-words.js';
import { defineDetector } from './detector.js';
import { neverCalledBefore } from './effects.js';

const SUBSCRIBE = ['Subscribe'];
/** Protocols that deliver the topic's messages outside AWS, to an address CloudTrail does not show. */
const OUTSIDE_PROTOCOLS = new Set(['email', 'email-json', 'sms', 'http', 'https']);

/** The endpoint's account when it is an ARN (a Lambda function, an SQS queue, a Firehose stream). */
function endpointAccount(event: TrailEvent): string | undefined {
  const endpoint = paramString(event, 'endpoint');
  if (!endpoint?.startsWith('arn:')) return undefined;
  const account = endpoint.split(':')[4];
  return account ? account : undefined;
}

/** Where the messages go, and whether that is beyond the account. */
function destination(event: TrailEvent, context: DetectionContext): { words: string; leaves: boolean } {
  const protocol = paramString(event, 'protocol') ?? 'unknown';
  if (OUTSIDE_PROTOCOLS.has(protocol)) return { words: `an ${protocol} endpoint outside AWS`, leaves: true };
  const account = endpointAccount(event);
  const foreign =
    account !== undefined &&
    account !== event.recipientAccountId &&
    !context.tuning.allow.trustedAccounts.includes(account);
  return foreign
    ? { words: `an ${protocol} endpoint in account ${account}`, leaves: true }
    : { words: `an ${protocol} endpoint`, leaves: false };
}

export const snsSubscriptionByNewPrincipal = defineDetector({
  meta: {
    id: 'sns-subscription-by-new-principal',
    title: 'SNS subscription added by a principal that never subscribed',
    description:
      'Detects SNS Subscribe by a principal with history (past tuning.learning) that never subscribed to a ' +
      'topic before: every message the topic carries (alarms, order events, application data) is copied to ' +
      'the new endpoint, a quiet exfiltration channel (Elastic exfiltration_sns_email_subscription_by_rare_user, ' +
      'now exfiltration_sns_rare_protocol_subscription_by_user). Email, SMS and HTTP(S) endpoints, and Lambda, ' +
      'SQS or Firehose endpoints in another account not in tuning.allow.trustedAccounts, rank medium; endpoints ' +
      'inside the account rank low. Elastic learns per principal and protocol over 7–14 days; trailwatch learns ' +
      'per principal over its whole history, so a principal that subscribes routinely stays quiet whatever the ' +
      'protocol. CloudTrail hides e-mail and phone endpoints, so the subscription itself must be read in SNS.',
    category: 'data-exfiltration',
    severity: 'medium',
    attack: ['T1567', 'T1537'],
    falsePositives: [
      'An engineer subscribing their own address to an alarm topic for the first time (on call, a new service).',
      'A new integration (a ticketing webhook, a partner’s queue) wired up by a principal that never did it.',
    ],
    runbook: [
      'Read requestParameters.topicArn and protocol; list the topic’s subscriptions (sns ' +
        'list-subscriptions-by-topic) and find the one created at eventTime: whose address or endpoint is it?',
      'Read what the topic carries (its publishers’ Publish calls) and the principal’s other calls in the 2 ' +
        'hours around eventTime: CreateTopic, Publish or SetTopicAttributes point to a prepared channel.',
      'If the subscription is not the owner’s: unsubscribe it, tighten the topic policy and contain the key.',
    ],
    references: [
      'https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html',
      'https://docs.aws.amazon.com/sns/latest/dg/sns-logging-using-cloudtrail.html',
      'https://github.com/elastic/detection-rules/blob/main/rules/integrations/aws/exfiltration_sns_rare_protocol_subscription_by_user.toml',
      'https://attack.mitre.org/techniques/T1567/',
    ],
    events: SUBSCRIBE,
    behavioural: true,
  },
  match(event, context) {
    if (!neverCalledBefore(context, ['sns:Subscribe'])) return undefined;
    const topic = paramString(event, 'topicArn') ?? 'a topic';
    const { words, leaves } = destination(event, context);
    const verb = event.failed ? 'tried to subscribe' : 'subscribed';
    return {
      severity: leaves ? 'medium' : 'low',
      summary: `${callerWords(event)} ${verb} ${words} to SNS topic ${topic}, its first SNS subscription.`,
    };
  },
});
