/** A Lambda layer added to a function: code that runs inside it, with its role. */
import { items, param, paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';

const CONFIG_EVENTS = [
  'UpdateFunctionConfiguration20150331v2',
  'UpdateFunctionConfiguration',
  'CreateFunction20150331',
];

/** "arn:aws:lambda:us-east-1:444455556666:layer:name:3" → "444455556666". */
function layerAccount(arn: string): string | undefined {
  return arn.split(':')[4];
}

export const lambdaLayerAttached = defineDetector({
  meta: {
    id: 'lambda-layer-attached',
    title: 'Lambda layer attached to a function',
    description:
      'Detects UpdateFunctionConfiguration or CreateFunction with requestParameters.layers: a layer’s code ' +
      'runs in the function with its role, so an intruder backdoors a function without touching its code ' +
      '(Sigma aws_new_lambda_layer_attached and aws_attached_malicious_lambda_layer, Panther ' +
      'aws_add_malicious_lambda_extension, Elastic defense_evasion_lambda_external_layer_added_to_function). ' +
      'A layer from ' +
      'another account ranks medium, the account’s own low. Function creation is read only for foreign layers.',
    category: 'privilege-change',
    severity: 'low',
    attack: ['T1525', 'T1546'],
    falsePositives: [
      'Deployments that add monitoring layers (Datadog, Lumigo, AWS Parameters and Secrets extension) from ' +
        'their vendors’ accounts.',
      'A platform team publishing shared layers from a central tooling account.',
    ],
    runbook: [
      'Read requestParameters.layers: which account publishes each layer ARN, and is it a known vendor?',
      'Download the layer version (lambda get-layer-version-by-arn) and read what it runs at start; look for ' +
        'calls with the function’s role from outside AWS networks after eventTime.',
      'If unexpected, remove the layer, redeploy the function and contain the key.',
    ],
    references: [
      'https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/lambda-extensions.html',
      'https://attack.mitre.org/techniques/T1525/',
    ],
    events: CONFIG_EVENTS,
  },
  match(event) {
    const layers = items(param(event, 'layers')).filter(
      (layer): layer is string => typeof layer === 'string',
    );
    if (layers.length === 0) return undefined;
    const foreign = layers.filter((layer) => {
      const account = layerAccount(layer);
      return account !== undefined && account !== '' && account !== event.recipientAccountId;
    });
    const creating = event.eventName.startsWith('CreateFunction');
    if (creating && foreign.length === 0) return undefined;
    const name = paramString(event, 'functionName') ?? 'a function';
    const verb = event.failed ? 'tried to attach' : 'attached';
    const shown = (foreign.length > 0 ? foreign : layers).slice(0, 3).join(', ');
    return {
      severity: foreign.length > 0 ? 'medium' : 'low',
      summary:
        `${event.identity.arn} ${verb} ${foreign.length > 0 ? 'a layer from another account' : 'layers'} ` +
        `(${shown}) to Lambda function ${name} in ${event.awsRegion}.`,
    };
  },
});
