import { describe, expect, it } from 'vitest';
import { lambdaCodeByNewPrincipal } from '../../../src/detectors/lambda-code-by-new-principal.js';
import { detect, record } from '../../helpers/records.js';
import { aliceRoutine, at, OFFICE_IP } from '../../helpers/s3-role-records.js';

// After Stratus Red Team's aws.persistence.lambda-overwrite-code detonation.
const update = (eventTime: string) =>
  record({
    eventTime,
    eventSource: 'lambda.amazonaws.com',
    eventName: 'UpdateFunctionCode20150331v2',
    readOnly: false,
    sourceIPAddress: OFFICE_IP,
    requestParameters: { functionName: 'billing-export', publish: false, dryRun: false },
    responseElements: {
      functionName: 'billing-export',
      codeSha256: 'hQ1nQ3jv2Yv1l0FJc5u0mGmP7wqYqj3m4m6c8m0uM1E=',
    },
  });

describe('lambda-code-by-new-principal', () => {
  it('when a principal with history deploys function code for the first time, raises medium', () => {
    const event = update(at(10));
    const [finding, ...rest] = detect(lambdaCodeByNewPrincipal, [...aliceRoutine(), event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('replaced the code of Lambda function billing-export');
  });

  it('when the principal deploys code routinely, stays quiet', () => {
    const later = update(at(10));
    const findings = detect(lambdaCodeByNewPrincipal, [...aliceRoutine(), update(at(2, 15)), later]);
    expect(findings.flatMap((finding) => finding.eventIds)).not.toContain(later.eventID);
  });
});
