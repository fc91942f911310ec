import { describe, expect, it } from 'vitest';
import { flowLogsDeleted } from '../../../src/detectors/flow-logs-deleted.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { assumedRole, detect, record } from '../../helpers/records.js';

// EC2 logs DeleteFlowLogs in its query-API shape: DeleteFlowLogsRequest.FlowLogId {content, tag}.
const deleteFlowLogs = (ids: string[], overrides = {}) =>
  record({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DeleteFlowLogs',
    readOnly: false,
    userIdentity: assumedRole(),
    requestParameters: {
      DeleteFlowLogsRequest: {
        FlowLogId:
          ids.length === 1 ? { content: ids[0], tag: 1 } : ids.map((content, i) => ({ content, tag: i + 1 })),
      },
    },
    ...overrides,
  });

describe('flow-logs-deleted', () => {
  it('when a flow log is deleted, raises high naming it', () => {
    const event = deleteFlowLogs(['fl-0123456789abcdef0']);
    const [finding, ...rest] = detect(flowLogsDeleted, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('deleted VPC flow log(s) fl-0123456789abcdef0 in us-east-1');
  });

  it('when several flow logs are deleted in one call, names them all', () => {
    const [finding] = detect(flowLogsDeleted, [
      deleteFlowLogs(['fl-0aaaaaaaaaaaaaaaa', 'fl-0bbbbbbbbbbbbbbbb']),
    ]);
    expect(finding?.summary).toContain('fl-0aaaaaaaaaaaaaaaa, fl-0bbbbbbbbbbbbbbbb');
  });

  it('when the delete fails, reports it one step lower', () => {
    const [finding] = detect(flowLogsDeleted, [
      deleteFlowLogs(['fl-0123456789abcdef0'], { errorCode: 'Client.UnauthorizedOperation' }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('tried to delete');
  });

  it('when flow logs are created or described, stays quiet', () => {
    expect(
      detect(flowLogsDeleted, [
        deleteFlowLogs([], { eventName: 'CreateFlowLogs' }),
        deleteFlowLogs([], { eventName: 'DescribeFlowLogs' }),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'flow-logs-deleted on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.VPCFlow.LogsDeleted', () => {
      const rows = pantherVerdicts(flowLogsDeleted, 'AWS.VPCFlow.LogsDeleted');
      expect(rows.map((row) => [row.name, row.severity])).toEqual([['Logs Deleted', 'high']]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });
  },
);
