import { describe, expect, it } from 'vitest';
import { createDeactivateAccessKeyAction } from '../../../src/aws/containment/deactivate-access-key.js';
import { createDeleteLoginProfileAction } from '../../../src/aws/containment/delete-login-profile.js';
import { createQuarantineUserAction } from '../../../src/aws/containment/quarantine-user.js';
import { createRemediationActions } from '../../../src/aws/containment/registry.js';
import { createRevokeSessionsAction } from '../../../src/aws/containment/revoke-sessions.js';

const ACCOUNT = '123456789012';

describe('remediation plans', () => {
  it('deactivate-access-key names the exact call with UserName and warns that minted sessions survive', () => {
    const plan = createDeactivateAccessKeyAction().plan({
      accountId: ACCOUNT,
      accessKeyId: 'AKIAFAKESTOLENKEY001',
      userName: 'alice',
    });

    expect(plan).toMatchObject({
      kind: 'deactivate-access-key',
      title: 'Deactivate access key AKIAFAKESTOLENKEY001 of user alice in account 123456789012',
      lines: ['iam:UpdateAccessKey UserName=alice AccessKeyId=AKIAFAKESTOLENKEY001 Status=Inactive'],
      reversible: true,
      undo: 'Reactivate the key: iam:UpdateAccessKey UserName=alice AccessKeyId=AKIAFAKESTOLENKEY001 Status=Active',
    });
    expect(plan.warnings[0]).toContain('up to 36 h');
  });

  it('revoke-sessions for a role warns that it hits every current session of that role', () => {
    const plan = createRevokeSessionsAction().plan({ accountId: ACCOUNT, type: 'role', name: 'deploy' });

    expect(plan.lines).toEqual([
      'iam:PutRolePolicy RoleName=deploy PolicyName=trailwatch-revoke-older-sessions',
      'PolicyDocument={"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],"Resource":["*"],' +
        '"Condition":{"DateLessThan":{"aws:TokenIssueTime":"<time of execution>"}}}]}',
    ]);
    expect(plan.warnings[0]).toMatch(/^Hits EVERY current session of role deploy, legitimate ones too/);
  });

  it("revoke-sessions for a user warns that the user's long-term keys keep working", () => {
    const plan = createRevokeSessionsAction().plan({ accountId: ACCOUNT, type: 'user', name: 'alice' });

    expect(plan.lines[0]).toBe(
      'iam:PutUserPolicy UserName=alice PolicyName=trailwatch-revoke-older-sessions',
    );
    expect(plan.warnings[0]).toContain('long-term access keys carry no aws:TokenIssueTime and keep working');
  });

  it('quarantine-user puts a deny-all that undo removes', () => {
    const plan = createQuarantineUserAction().plan({ accountId: ACCOUNT, userName: 'alice' });

    expect(plan.lines).toEqual([
      'iam:PutUserPolicy UserName=alice PolicyName=trailwatch-quarantine',
      'PolicyDocument={"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],"Resource":["*"]}]}',
    ]);
    expect(plan.undo).toBe(
      'Delete the inline policy: iam:DeleteUserPolicy UserName=alice PolicyName=trailwatch-quarantine',
    );
  });

  it('delete-login-profile says it cannot be undone', () => {
    const plan = createDeleteLoginProfileAction().plan({ accountId: ACCOUNT, userName: 'alice' });

    expect(plan.lines).toEqual(['iam:DeleteLoginProfile UserName=alice']);
    expect(plan.reversible).toBe(false);
    expect(plan.undo).toContain('No undo');
  });
});

describe('the action registry', () => {
  it('has one action per kind, each answering to its own kind', () => {
    const actions = createRemediationActions();

    for (const [kind, action] of Object.entries(actions)) expect(action.kind).toBe(kind);
    expect(Object.keys(actions)).toHaveLength(5);
  });
});
