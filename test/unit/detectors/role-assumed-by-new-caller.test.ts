import { describe, expect, it } from 'vitest';
import { TuningSchema } from '../../../src/config/tuning.js';
import { createDetectionEngine } from '../../../src/detectors/engine.js';
import { roleAssumedByNewCaller } from '../../../src/detectors/role-assumed-by-new-caller.js';
import { roleAssumedFromExternalAccount } from '../../../src/detectors/role-assumed-from-external-account.js';
import { roleAssumedFromNewSource } from '../../../src/detectors/role-assumed-from-new-source.js';
import { roleAssumptionFailures } from '../../../src/detectors/role-assumption-failures.js';
import { roleChaining } from '../../../src/detectors/role-chaining.js';
import { simulateIncident, simulateRecords } from '../../../src/simulate/simulate.js';
import { awsService, detect, iamUser, toEvent } from '../../helpers/records.js';
import {
  assume,
  at,
  githubActions,
  OUTSIDE_ACCOUNT,
  outsideUser,
  roleArn,
  roleRoutine,
  roleSession,
} from '../../helpers/s3-role-records.js';

const DEPLOY = roleArn('DeployRole');
const history = () => roleRoutine(DEPLOY, iamUser('alice'));

describe('role-assumed-by-new-caller', () => {
  it('when another user of the account assumes a role with ten days of history, raises a medium finding', () => {
    const bob = assume(DEPLOY, iamUser('bob', 'AKIAI44QH8DHBEXAMPLE'), { eventTime: at(10) });
    const [finding, ...rest] = detect(roleAssumedByNewCaller, [...history(), bob]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('role-assumption');
    expect(finding?.eventIds).toEqual([bob.eventID]);
    expect(finding?.summary).toContain('user/bob assumed role DeployRole for the first time');
    expect(finding?.summary).toContain('assumed before by 1 caller from account 123456789012 on 10 days');
  });

  it('when a user of an untrusted account never seen for the role assumes it, ranks it high', () => {
    const mallory = assume(DEPLOY, outsideUser(), { eventTime: at(10) });
    const [finding] = detect(roleAssumedByNewCaller, [...history(), mallory]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain(`(account ${OUTSIDE_ACCOUNT})`);
    expect(finding?.summary).toContain('from an untrusted account never seen for it');
  });

  it('when the outside account is in tuning.allow.trustedAccounts, ranks the new caller medium', () => {
    const tuning = TuningSchema.parse({ allow: { trustedAccounts: [OUTSIDE_ACCOUNT] } });
    const engine = createDetectionEngine({ detectors: [roleAssumedByNewCaller], tuning });
    const events = [...history(), assume(DEPLOY, outsideUser(), { eventTime: at(10) })].map(toEvent);
    const findings = [...events.flatMap((event) => engine.process(event)), ...engine.finish()];
    expect(findings.map((finding) => finding.severity)).toEqual(['medium']);
  });

  it('when a new SAML user assumes the role, ranks it low (single sign-on adds people)', () => {
    const saml = assume(
      DEPLOY,
      { type: 'SAMLUser', principalId: 'EXAMPLEPRINCIPAL:carol@example.com', userName: 'carol@example.com' },
      { eventTime: at(10) },
      'AssumeRoleWithSAML',
    );
    const [finding] = detect(roleAssumedByNewCaller, [...history(), saml]);
    expect(finding?.severity).toBe('low');
  });

  it('when GitHub Actions runs from a new branch of a known repository, stays quiet; a new repository is flagged', () => {
    const ci = roleRoutine(DEPLOY, githubActions(), 10, '198.51.100.20', 'AssumeRoleWithWebIdentity');
    const branch = assume(
      DEPLOY,
      githubActions('repo:example-org/shop-platform:ref:refs/heads/feature-x'),
      { eventTime: at(10) },
      'AssumeRoleWithWebIdentity',
    );
    const fork = assume(
      DEPLOY,
      githubActions('repo:someone/shop-platform-fork:ref:refs/heads/main'),
      { eventTime: at(10, 11) },
      'AssumeRoleWithWebIdentity',
    );
    const findings = detect(roleAssumedByNewCaller, [...ci, branch, fork]);
    expect(findings.map((finding) => finding.eventIds)).toEqual([[fork.eventID]]);
    expect(findings[0]?.severity).toBe('medium');
  });

  it('while the role has fewer than seven days of history, stays quiet', () => {
    const mallory = assume(DEPLOY, outsideUser(), { eventTime: at(3) });
    expect(detect(roleAssumedByNewCaller, [...roleRoutine(DEPLOY, iamUser('alice'), 3), mallory])).toEqual(
      [],
    );
  });

  it('when an AWS service assumes the role, a role session chains into it, or the call fails, stays quiet', () => {
    const events = [
      ...history(),
      assume(DEPLOY, awsService('ec2.amazonaws.com'), {
        eventTime: at(10),
        sourceIPAddress: 'ec2.amazonaws.com',
      }),
      assume(DEPLOY, roleSession('BuildRole', 'build-42'), { eventTime: at(10, 11) }),
      assume(DEPLOY, iamUser('bob', 'AKIAI44QH8DHBEXAMPLE'), {
        eventTime: at(10, 12),
        errorCode: 'AccessDenied',
      }),
    ];
    expect(detect(roleAssumedByNewCaller, events)).toEqual([]);
  });

  it('when the usual caller keeps assuming the role, stays quiet', () => {
    expect(detect(roleAssumedByNewCaller, roleRoutine(DEPLOY, iamUser('alice'), 20))).toEqual([]);
  });
});

describe('role-assumption detectors on the simulated account', () => {
  it('raise nothing at medium or above in three routine weeks of CI over OIDC, services and a partner account', () => {
    const options = { seed: 11, days: 21 };
    const incident = new Set(simulateIncident(options).flatMap((stage) => stage.eventIds));
    const detectors = [
      roleAssumedByNewCaller,
      roleAssumedFromExternalAccount,
      roleChaining,
      roleAssumedFromNewSource,
      roleAssumptionFailures,
    ];
    const findings = detect(detectors, [...simulateRecords(options)]);
    const routineLoud = findings.filter(
      (finding) =>
        !finding.eventIds.some((id) => incident.has(id)) &&
        ['medium', 'high', 'critical'].includes(finding.severity),
    );
    expect(routineLoud.map((finding) => finding.summary)).toEqual([]);
    // The metrics collector's first assumption from its own account is the one, low, first contact;
    // the attacker's account walking in through the backdoored trust is the incident's, and high.
    expect(findings.map((finding) => `${finding.detector} ${finding.severity}`).sort()).toEqual([
      'role-assumed-from-external-account high',
      'role-assumed-from-external-account low',
    ]);
  });
});
