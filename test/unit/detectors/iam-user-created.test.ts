import { describe, expect, it } from 'vitest';
import { iamUserCreated } from '../../../src/detectors/iam-user-created.js';
import { pantherCasesAvailable, pantherVerdicts } from '../../helpers/panther-cases.js';
import { awsService, detect, record } from '../../helpers/records.js';

const create = (overrides = {}) =>
  record({
    eventName: 'CreateUser',
    readOnly: false,
    requestParameters: { userName: 'svc-backup' },
    ...overrides,
  });

describe('iam-user-created', () => {
  it('when a key creates an IAM user, raises medium naming the new user', () => {
    const event = create();
    const [finding, ...rest] = detect(iamUserCreated, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('created IAM user svc-backup');
  });

  it('when CloudFormation creates the user for a stack, ranks it info', () => {
    const [finding] = detect(iamUserCreated, [
      create({ userIdentity: awsService(), sourceIPAddress: 'cloudformation.amazonaws.com' }),
    ]);
    expect(finding?.severity).toBe('info');
  });

  it('when users are only listed or fetched, stays quiet', () => {
    expect(
      detect(iamUserCreated, [create({ eventName: 'GetUser' }), create({ eventName: 'ListUsers' })]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'iam-user-created on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.IAM.CreateUser: catches the CreateUser, ignores the policy attach', () => {
      const rows = pantherVerdicts(iamUserCreated, 'AWS.IAM.CreateUser');
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['IAM User Created', 'medium'],
        ['IAM User Not Created', undefined],
      ]);
    });
  },
);
