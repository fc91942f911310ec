import { describe, expect, it } from 'vitest';
import { describePersistence } from '../../../src/remediation/watch/persistence-actions.js';
import { record, toEvent } from '../../helpers/records.js';

const iam = (
  eventName: string,
  requestParameters: Record<string, unknown>,
  responseElements: Record<string, unknown> | null = null,
) => toEvent(record({ eventName, readOnly: false, requestParameters, responseElements }));

describe('persistence catalog', () => {
  it('reads what each persistence call made, and what to undo', () => {
    const cases = [
      [iam('CreateUser', { userName: 'backdoor' }), 'new IAM user backdoor', /^Delete user backdoor/],
      [
        iam('CreateLoginProfile', { userName: 'bob' }),
        'console password created for bob',
        /login profile of bob/,
      ],
      [iam('UpdateLoginProfile', {}), 'console password changed for alice', /login profile of alice/],
      [
        iam('CreateRole', { roleName: 'ext' }, { role: { arn: 'arn:aws:iam::123456789012:role/ext' } }),
        'new role ext',
        /Delete role ext/,
      ],
      [
        iam('PutRolePolicy', { roleName: 'ext', policyName: 'all' }),
        'inline policy all put on role ext',
        /Delete inline policy all from role ext/,
      ],
      [
        iam('AttachUserPolicy', {
          userName: 'bob',
          policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        }),
        'policy arn:aws:iam::aws:policy/AdministratorAccess attached to user bob',
        /^Detach/,
      ],
      [
        iam('AttachGroupPolicy', { groupName: 'devs', policyArn: 'arn:p' }),
        'policy arn:p attached to group devs',
        /from group devs/,
      ],
      [
        iam(
          'CreatePolicyVersion',
          { policyArn: 'arn:p', setAsDefault: true },
          { policyVersion: { versionId: 'v3' } },
        ),
        'new version v3 of policy arn:p',
        /previous default/,
      ],
      [
        iam('SetDefaultPolicyVersion', { policyArn: 'arn:p', versionId: 'v2' }),
        'default version of policy arn:p set to v2',
        /previous default/,
      ],
      [
        iam('AddUserToGroup', { userName: 'bob', groupName: 'admins' }),
        'bob added to group admins',
        /Remove bob from group admins/,
      ],
      [
        iam(
          'CreateVirtualMFADevice',
          { virtualMFADeviceName: 'x' },
          { virtualMFADevice: { serialNumber: 'arn:mfa/x' } },
        ),
        'new virtual MFA device arn:mfa/x',
        /Delete virtual MFA device/,
      ],
      [
        iam('EnableMFADevice', { userName: 'bob', serialNumber: 'arn:mfa/x' }),
        'MFA device arn:mfa/x enabled for bob',
        /Deactivate MFA device/,
      ],
      [
        iam('UpdateAccessKey', { accessKeyId: 'AKIAOLD', status: 'Active' }),
        'access key AKIAOLD of alice reactivated',
        /Deactivate access key AKIAOLD again/,
      ],
    ] as const;
    for (const [event, what, todo] of cases) {
      const found = describePersistence(event);
      expect(found?.what, event.eventName).toBe(what);
      expect(found?.todo, event.eventName).toMatch(todo);
    }
  });

  it('covers Lambda functions and permissions by their versioned names, and nothing else', () => {
    const fn = toEvent(
      record({
        eventSource: 'lambda.amazonaws.com',
        eventName: 'CreateFunction20150331',
        awsRegion: 'eu-west-1',
        requestParameters: { functionName: 'miner' },
      }),
    );
    const perm = toEvent(
      record({
        eventSource: 'lambda.amazonaws.com',
        eventName: 'AddPermission20150331v2',
        requestParameters: { functionName: 'miner', principal: '*', statementId: 's1' },
      }),
    );

    expect(describePersistence(fn)?.what).toBe('new Lambda function miner in eu-west-1');
    expect(describePersistence(perm)?.todo).toBe('Remove statement s1 from the policy of miner in us-east-1');
    expect(
      describePersistence(iam('UpdateAccessKey', { accessKeyId: 'AKIAOLD', status: 'Inactive' })),
    ).toBeUndefined();
    expect(describePersistence(iam('ListUsers', {}))).toBeUndefined();
    expect(describePersistence(iam('toString', {}))).toBeUndefined();
    expect(
      describePersistence(toEvent(record({ eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' }))),
    ).toBeUndefined();
  });
});
