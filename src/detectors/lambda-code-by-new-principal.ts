/** A principal that never deployed Lambda code replacing a function's code. */
import { paramString } from '../cloudtrail/fields.js';
import { callerWords } from './actor-words.js';
import { defineDetector } from './detector.js';
import { neverCalledBefore } from './effects.js';

const CODE_EVENTS = ['UpdateFunctionCode20150331v2', 'UpdateFunctionCode'];
const CODE_ACTIONS = ['lambda:UpdateFunctionCode20150331v2', 'lambda:UpdateFunctionCode'];

export const lambdaCodeByNewPrincipal = defineDetector({
  meta: {
    id: 'lambda-code-by-new-principal',
    title: 'Lambda code replaced by a principal that never deployed code',
    description:
      'Detects UpdateFunctionCode by a principal with history (past tuning.learning) that never updated ' +
      'function code: a stolen key overwrites a function to run its own code with the function’s role ' +
      '(Panther aws_overwrite_lambda_code and aws_backdoor_lambda_function). Panther reports every update; ' +
      'deploy pipelines do that all day, so trailwatch reports only principals new to it, at medium.',
    category: 'privilege-change',
    severity: 'medium',
    attack: ['T1525', 'T1648'],
    falsePositives: [
      'A developer hot-fixing a function from the console or the CLI for the first time.',
      'A new deployment role whose first deploy falls after the learning period.',
    ],
    runbook: [
      'Compare the new code (lambda get-function on requestParameters.functionName, CodeSha256 in ' +
        'responseElements) with the last build of the function’s repository.',
      'List AddPermission, CreateFunctionUrlConfig and UpdateFunctionConfiguration on the same function by ' +
        'the same userIdentity.accessKeyId within 2 hours.',
      'If unexpected, roll back to the previous version and contain the key.',
    ],
    references: [
      'https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html',
      'https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.lambda-overwrite-code/',
      'https://attack.mitre.org/techniques/T1648/',
    ],
    events: CODE_EVENTS,
    behavioural: true,
  },
  match(event, context) {
    if (!neverCalledBefore(context, CODE_ACTIONS)) return undefined;
    const name = paramString(event, 'functionName') ?? 'a function';
    const verb = event.failed ? 'tried to replace' : 'replaced';
    return {
      summary: `${callerWords(event)} ${verb} the code of Lambda function ${name} in ${event.awsRegion}, its first code deploy.`,
    };
  },
});
