import { describe, expect, it } from 'vitest';
import { accessAnalyzerDeleted } from '../../../src/detectors/access-analyzer-deleted.js';
import { detect, record } from '../../helpers/records.js';

const analyzer = (eventName: string, requestParameters: Record<string, unknown>, overrides = {}) =>
  record({
    eventSource: 'access-analyzer.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters,
    ...overrides,
  });

describe('access-analyzer-deleted', () => {
  it('when the analyzer is deleted, raises medium naming it', () => {
    const event = analyzer('DeleteAnalyzer', { analyzerName: 'account-analyzer' });
    const [finding, ...rest] = detect(accessAnalyzerDeleted, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('deleted IAM Access Analyzer account-analyzer');
  });

  it('when an archive rule is created, ranks it low', () => {
    const [finding] = detect(accessAnalyzerDeleted, [
      analyzer('CreateArchiveRule', { analyzerName: 'account-analyzer', ruleName: 'hide-all', filter: {} }),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('archive rule hide-all');
  });

  it('when an analyzer is created or another service deletes something of the same name, stays quiet', () => {
    expect(
      detect(accessAnalyzerDeleted, [
        analyzer('CreateAnalyzer', { analyzerName: 'account-analyzer' }),
        analyzer('DeleteAnalyzer', { analyzerName: 'x' }, { eventSource: 'example.amazonaws.com' }),
      ]),
    ).toEqual([]);
  });
});
