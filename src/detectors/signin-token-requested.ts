/** Temporary credentials were exchanged for a console session through the federation endpoint. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { consoleLoginFailed } from './console-login.js';
import { defineDetector } from './detector.js';

const FEDERATION_SIGN_IN = ['GetSigninToken', 'ConsoleLogin'];
// The IAM Identity Center portal calls GetSigninToken on every "Management console" click.
const SSO_PORTAL_AGENT = /^Jersey\//;
const SSO_ROLE = /:assumed-role\/AWSReservedSSO_/;
const GO_CLIENT = /^Go-http-client\//;

function isSsoPortal(event: TrailEvent): boolean {
  if (SSO_PORTAL_AGENT.test(event.userAgent)) return true;
  return GO_CLIENT.test(event.userAgent) && SSO_ROLE.test(event.identity.arn);
}

export const signinTokenRequested = defineDetector({
  meta: {
    id: 'signin-token-requested',
    title: 'Temporary credentials turned into a console session',
    description:
      'Detects signin:GetSigninToken outside the IAM Identity Center portal, and ConsoleLogin by a federated ' +
      'user (a GetFederationToken session): temporary credentials, often minted from a stolen key, being ' +
      'exchanged for a console session, which opens every service page to the intruder without further ' +
      'API keys. Portal traffic is recognised by its user agent (Jersey/…, or Go-http-client for ' +
      "AWSReservedSSO_ roles), as in Panther's AWS.Console.GetSigninToken.Abuse.",
    category: 'console-access',
    severity: 'medium',
    attack: ['T1550.001', 'T1021.007'],
    falsePositives: [
      'Engineers using `aws-vault login`, Granted, Leapp or a custom identity broker to open the console.',
      'Internal portals that build federation sign-in URLs for support staff.',
    ],
    runbook: [
      'Trace the session back: userIdentity.arn and accessKeyId, then the AssumeRole or GetFederationToken ' +
        'that minted it and the long-term key behind that, within the 12 hours before eventTime.',
      'Ask the owner whether they opened the console with a tool at eventTime from sourceIPAddress and ' +
        "userAgent; if not, contain the key and revoke the role's or user's sessions.",
    ],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html',
      'https://attack.mitre.org/techniques/T1550/001/',
    ],
    events: FEDERATION_SIGN_IN,
  },
  match(event) {
    const { identity } = event;
    if (event.eventName === 'ConsoleLogin') {
      if (identity.type !== 'FederatedUser' || consoleLoginFailed(event)) return undefined;
      return {
        summary: `Federated user ${identity.arn} signed in to the console from ${event.sourceIp}.`,
      };
    }
    if (event.service !== 'signin' || isSsoPortal(event)) return undefined;
    return {
      summary:
        `${identity.arn} requested a console sign-in token from ${event.sourceIp} ` +
        `(user agent ${event.userAgent || 'unknown'}).`,
    };
  },
});
