import { describe, expect, it } from 'vitest';
import { lambdaPermissionMadePublic } from '../../../src/detectors/lambda-permission-made-public.js';
import { detect, record } from '../../helpers/records.js';

const addPermission = (requestParameters: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'lambda.amazonaws.com',
    eventName: 'AddPermission20150331v2',
    readOnly: false,
    requestParameters: {
      functionName: 'billing-export',
      statementId: 'sid-1',
      action: 'lambda:InvokeFunction',
      ...requestParameters,
    },
    ...overrides,
  });

describe('lambda-permission-made-public', () => {
  it('when a user lets principal "*" invoke a function with no source condition, raises a high finding', () => {
    const event = addPermission({ principal: '*' });
    const [finding, ...rest] = detect(lambdaPermissionMadePublic, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(
      'anyone (principal "*") call lambda:InvokeFunction on Lambda function billing-export',
    );
  });

  it('when a foreign account is granted invoke, reports it at medium naming the account', () => {
    const [finding] = detect(lambdaPermissionMadePublic, [addPermission({ principal: '210987654321' })]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('account 210987654321');
  });

  it('when a function URL is opened with AuthType NONE, reports it at medium', () => {
    const [finding] = detect(lambdaPermissionMadePublic, [
      record({
        eventSource: 'lambda.amazonaws.com',
        eventName: 'CreateFunctionUrlConfig20211031',
        requestParameters: { functionName: 'billing-export', authType: 'NONE' },
      }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('public function URL');
  });

  it('when a layer version is shared with everyone, reports it at medium naming the layer', () => {
    const [finding] = detect(lambdaPermissionMadePublic, [
      record({
        eventSource: 'lambda.amazonaws.com',
        eventName: 'AddLayerVersionPermission20181031',
        requestParameters: {
          layerName: 'shared-deps',
          versionNumber: 7,
          statementId: 's',
          action: 'lambda:GetLayerVersion',
          principal: '*',
        },
      }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('Lambda layer shared-deps version 7');
  });

  it('when "*" is pinned by sourceArn, sourceAccount or org, or a service or own account is granted, stays quiet', () => {
    const events = [
      addPermission({ principal: '*', sourceArn: 'arn:aws:execute-api:us-east-1:123456789012:abc/*' }),
      addPermission({ principal: '*', principalOrgID: 'o-exampleorg' }),
      addPermission({ principal: 's3.amazonaws.com', sourceAccount: '123456789012' }),
      addPermission({ principal: 'arn:aws:iam::123456789012:role/Caller' }),
      record({
        eventSource: 'lambda.amazonaws.com',
        eventName: 'CreateFunctionUrlConfig20211031',
        requestParameters: { functionName: 'f', authType: 'AWS_IAM' },
      }),
    ];
    expect(detect(lambdaPermissionMadePublic, events)).toEqual([]);
  });
});
