import { describe, expect, it } from 'vitest';
import { amiShared } from '../../../src/detectors/ami-shared.js';
import type { Severity } from '../../../src/findings/severity.js';
import { judgePanther, pantherCases, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { assumedRole, detect, record } from '../../helpers/records.js';

const modify = (launchPermission: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'ModifyImageAttribute',
    readOnly: false,
    requestParameters: {
      imageId: 'ami-0abc1234def567890',
      attributeType: 'launchPermission',
      launchPermission,
    },
    responseElements: { _return: true },
    ...overrides,
  });

describe('ami-shared', () => {
  it('when a user makes an AMI public, raises a high finding naming the image', () => {
    const event = modify({ add: { items: [{ group: 'all' }] } });
    const [finding, ...rest] = detect(amiShared, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('ami-0abc1234def567890');
    expect(finding?.summary).toContain('everyone (public)');
  });

  it('when a role shares an AMI with a foreign account, reports it at medium naming the account', () => {
    const [finding] = detect(amiShared, [
      modify(
        { add: { items: [{ userId: '210987654321' }] } },
        { userIdentity: assumedRole('ImagePipeline') },
      ),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('account 210987654321');
    expect(finding?.principal.arn).toContain('assumed-role/ImagePipeline');
  });

  it('when the image is shared with an organization ARN or launch permission is removed, stays quiet', () => {
    const org = modify({
      add: { items: [{ organizationArn: 'arn:aws:organizations::123456789012:organization/o-exampleorg' }] },
    });
    const removal = modify({ remove: { items: [{ group: 'all' }] } });
    expect(detect(amiShared, [org, removal])).toEqual([]);
  });
});

// Panther's tests for the same rule (from panther-labs/panther-analysis, Apache-2.0), each scanned alone.
const PANTHER_RULE = 'AWS.CloudTrail.AMIModifiedForPublicAccess';
const PANTHER_SEVERITY: Record<string, Severity | undefined> = {
  'AMI Made Public': 'high',
  // Refused: still reported as an attempt, one step lower, below Panther's alarm line.
  'Error Making AMI Public': 'medium',
};

describe.skipIf(!pantherCasesAvailable)(`Panther ${PANTHER_RULE}`, () => {
  it.each(pantherCases(PANTHER_RULE))('on "$name", agrees with Panther at the expected severity', (each) => {
    const verdict = judgePanther(amiShared, each);
    expect(verdict.malformed).toBeUndefined();
    expect(verdict.severity).toBe(PANTHER_SEVERITY[each.name]);
    if (each.expected) expect(verdict.caught).toBe(true);
    else expect(verdict.alarm).toBe(false);
  });
});
