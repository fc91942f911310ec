import { describe, expect, it } from 'vitest';
import { executionRolePassedByNewPrincipal } from '../../../src/detectors/execution-role-passed-by-new-principal.js';
import { ACCOUNT, detect, record } from '../../helpers/records.js';
import { aliceRoutine, at, OUTSIDE_ACCOUNT, OUTSIDE_IP } from '../../helpers/s3-role-records.js';

const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;

// After the SageMaker and Bedrock AgentCore API references: the passed role is a request field, the
// created resource's ARN comes back in the response.
const trainingJob = (eventTime: string, roleArn = ADMIN_ROLE) =>
  record({
    eventTime,
    eventSource: 'sagemaker.amazonaws.com',
    eventName: 'CreateTrainingJob',
    readOnly: false,
    sourceIPAddress: OUTSIDE_IP,
    requestParameters: {
      trainingJobName: 'xgb-churn-0307',
      algorithmSpecification: {
        trainingImage: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/xgb:latest`,
        trainingInputMode: 'File',
      },
      roleArn,
      outputDataConfig: { s3OutputPath: 's3://example-ml-artifacts/output' },
      resourceConfig: { instanceType: 'ml.m5.xlarge', instanceCount: 1, volumeSizeInGB: 30 },
      stoppingCondition: { maxRuntimeInSeconds: 3600 },
    },
    responseElements: {
      trainingJobArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/xgb-churn-0307`,
    },
  });
const agentRuntime = (eventTime: string) =>
  record({
    eventTime,
    eventSource: 'bedrock-agentcore.amazonaws.com',
    eventName: 'CreateAgentRuntime',
    readOnly: false,
    requestParameters: {
      agentRuntimeName: 'helper',
      agentRuntimeArtifact: {
        containerConfiguration: { containerUri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/helper:1` },
      },
      roleArn: ADMIN_ROLE,
      networkConfiguration: { networkMode: 'PUBLIC' },
    },
  });

describe('execution-role-passed-by-new-principal', () => {
  it('when a principal with history creates its first SageMaker training job with a role, raises medium naming the role', () => {
    const job = trainingJob(at(10));
    const [finding, ...rest] = detect(executionRolePassedByNewPrincipal, [...aliceRoutine(), job]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([job.eventID]);
    expect(finding?.summary).toContain(`created a SageMaker training job running as role ${ADMIN_ROLE}`);
  });

  it('when the passed role belongs to another account, raises high and names the account', () => {
    const role = `arn:aws:iam::${OUTSIDE_ACCOUNT}:role/ml-exec`;
    const [finding] = detect(executionRolePassedByNewPrincipal, [
      ...aliceRoutine(),
      trainingJob(at(10), role),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain(`of account ${OUTSIDE_ACCOUNT}`);
  });

  it('when it creates its first Bedrock AgentCore runtime, raises medium', () => {
    const [finding] = detect(executionRolePassedByNewPrincipal, [...aliceRoutine(), agentRuntime(at(10))]);
    expect(finding?.summary).toContain('created a Bedrock AgentCore agent runtime running as role');
  });

  it('when the principal has created such resources before, stays quiet', () => {
    const later = trainingJob(at(10));
    const findings = detect(executionRolePassedByNewPrincipal, [
      ...aliceRoutine(),
      trainingJob(at(4, 12)),
      later,
    ]);
    expect(findings.flatMap((finding) => finding.eventIds)).not.toContain(later.eventID);
  });

  it('when CodePipeline creates a pipeline (same call name, another service), stays quiet', () => {
    const codePipeline = record({
      eventTime: at(10),
      eventSource: 'codepipeline.amazonaws.com',
      eventName: 'CreatePipeline',
      readOnly: false,
      requestParameters: { pipeline: { name: 'shop', roleArn: ADMIN_ROLE } },
    });
    expect(detect(executionRolePassedByNewPrincipal, [...aliceRoutine(), codePipeline])).toEqual([]);
  });
});
