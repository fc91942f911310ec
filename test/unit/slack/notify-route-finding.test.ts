/** routeFinding: slack.minSeverity, then the first matching route, then the default channel, else nowhere. */
import { describe, expect, it } from 'vitest';
import { SlackConfigSchema } from '../../../src/config/slack-config.js';
import { routeFinding } from '../../../src/slack/notify/route-finding.js';
import { sampleFinding } from './sample-finding.js';

const PROD = '111122223333';
const config = SlackConfigSchema.parse({
  channels: {
    default: 'C0DEFAULT',
    routes: [
      { channel: 'C0PRODCRIT', minSeverity: 'critical', accounts: [PROD] },
      { channel: 'C0PROD', accounts: [PROD] },
      { channel: 'C0HIGH', minSeverity: 'high' },
    ],
  },
  minSeverity: 'medium',
});

const finding = (severity: 'low' | 'medium' | 'high' | 'critical', accountId = PROD) =>
  sampleFinding({ severity, principal: { ...sampleFinding().principal, accountId } });

describe('routeFinding', () => {
  it('sends a finding to the first route whose severity and accounts both match', () => {
    expect(routeFinding(finding('critical'), config)).toEqual({ post: true, channel: 'C0PRODCRIT' });
    expect(routeFinding(finding('high'), config)).toEqual({ post: true, channel: 'C0PROD' });
  });

  it('skips a route whose accounts do not include the finding’s account', () => {
    expect(routeFinding(finding('high', '999999999999'), config)).toEqual({ post: true, channel: 'C0HIGH' });
  });

  it('falls back to the default channel when no route matches', () => {
    expect(routeFinding(finding('medium', '999999999999'), config)).toEqual({
      post: true,
      channel: 'C0DEFAULT',
    });
  });

  it('posts nothing below slack.minSeverity, whatever the routes say', () => {
    expect(routeFinding(finding('low'), config)).toEqual({ post: false, reason: 'below_min_severity' });
  });

  it('posts nothing when no route matches and there is no default channel', () => {
    const bare = SlackConfigSchema.parse({
      channels: { routes: [{ channel: 'C0HIGH', minSeverity: 'high' }] },
    });
    expect(routeFinding(finding('medium'), bare)).toEqual({ post: false, reason: 'no_channel' });
  });
});
