/** Lambda function, function URL or layer opened to everyone or to another account. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { param, paramString } from '../cloudtrail/fields.js';
import type { Signal } from './detector.js';
import { defineDetector } from './detector.js';

// Lambda's CloudTrail eventNames carry the API version date.
const FUNCTION_PERMISSION_EVENTS = ['AddPermission20150331', 'AddPermission20150331v2'];
const LAYER_PERMISSION_EVENTS = ['AddLayerVersionPermission20181031'];
const FUNCTION_URL_EVENTS = ['CreateFunctionUrlConfig20211031', 'UpdateFunctionUrlConfig20211031'];
/** requestParameters that pin a principal "*" grant to a source or an organization. */
const RESTRICTING_PARAMS = ['sourceArn', 'sourceAccount', 'principalOrgID', 'organizationId'];
const ACCOUNT_PRINCIPAL = /^(?:(\d{12})|arn:aws[\w-]*:iam::(\d{12}):)/;
/** A function URL with AuthType NONE answers anyone on the internet, without SigV4. */
const OPEN_URL_AUTH = 'NONE';

function otherAccount(event: TrailEvent, principal: string): string | undefined {
  const match = ACCOUNT_PRINCIPAL.exec(principal);
  const account = match?.[1] ?? match?.[2];
  return account && account !== event.recipientAccountId ? account : undefined;
}

function permissionSignal(event: TrailEvent, target: string): Signal | undefined {
  const principal = paramString(event, 'principal');
  if (!principal) return undefined;
  const verb = event.failed ? 'tried to let' : 'let';
  const action = paramString(event, 'action') ?? 'lambda:*';
  if (principal === '*') {
    if (RESTRICTING_PARAMS.some((name) => paramString(event, name))) return undefined;
    const isLayer = LAYER_PERMISSION_EVENTS.includes(event.eventName);
    const openUrl = paramString(event, 'functionUrlAuthType') === OPEN_URL_AUTH;
    return {
      severity: isLayer || openUrl ? 'medium' : 'high',
      summary: `${event.identity.arn} ${verb} anyone (principal "*") call ${action} on ${target}.`,
    };
  }
  const account = otherAccount(event, principal);
  if (!account) return undefined;
  return {
    severity: 'medium',
    summary: `${event.identity.arn} ${verb} account ${account} call ${action} on ${target}.`,
  };
}

export const lambdaPermissionMadePublic = defineDetector({
  meta: {
    id: 'lambda-permission-made-public',
    title: 'Lambda function or layer made public or shared with another account',
    description:
      'Detects Lambda AddPermission granting principal "*" without sourceArn, sourceAccount or ' +
      'principalOrgID (high), a function URL created or changed to AuthType NONE, a layer version shared ' +
      'with "*" (medium), and grants to another AWS account (medium). A public function is a backdoor an ' +
      'intruder can call from anywhere, and its code and environment may hold secrets. Failed attempts are ' +
      'reported one step lower.',
    category: 'data-exfiltration',
    severity: 'high',
    attack: ['T1537'],
    falsePositives: [
      'A public webhook or API built on a function URL with AuthType NONE on purpose.',
      'Serverless frameworks granting an API Gateway or partner account invoke rights during deploys.',
      'A platform team publishing a shared layer to every account.',
    ],
    runbook: [
      'Read the function policy (lambda:GetPolicy on requestParameters.functionName) and remove the ' +
        'statement named requestParameters.statementId if nobody owns it.',
      'In the 24 hours around eventTime, look for UpdateFunctionCode20150331v2 or ' +
        'UpdateFunctionConfiguration20150331v2 by the same userIdentity.accessKeyId: a backdoored function ' +
        'is usually changed and opened together.',
      'If the caller is not a known deployment role, contain the key: deactivate it and revoke its sessions.',
    ],
    references: [
      'https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.lambda-backdoor-function/',
      'https://attack.mitre.org/techniques/T1537/',
    ],
    events: [...FUNCTION_PERMISSION_EVENTS, ...LAYER_PERMISSION_EVENTS, ...FUNCTION_URL_EVENTS],
  },
  match(event) {
    if (FUNCTION_URL_EVENTS.includes(event.eventName)) {
      if (paramString(event, 'authType') !== OPEN_URL_AUTH) return undefined;
      const name = paramString(event, 'functionName') ?? 'a function';
      const verb = event.failed ? 'tried to open' : 'opened';
      return {
        severity: 'medium',
        summary: `${event.identity.arn} ${verb} a public function URL (AuthType NONE) on Lambda function ${name}.`,
      };
    }
    const isLayer = LAYER_PERMISSION_EVENTS.includes(event.eventName);
    const target = isLayer
      ? `Lambda layer ${paramString(event, 'layerName') ?? '?'} ` +
        `version ${String(param(event, 'versionNumber') ?? '?')}`
      : `Lambda function ${paramString(event, 'functionName') ?? '?'}`;
    return permissionSignal(event, target);
  },
});
