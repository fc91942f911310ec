/** Contract: the real WebClient's rate-limit and retry handling against the fake Slack's injected faults. */
import { ErrorCode, LogLevel, type RetryOptions, WebClient, type WebClientOptions } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack, TEST_BOT_TOKEN } from '../../../src/stand-ins/fake-slack.js';

const CHANNEL = 'C0INCIDENT';
// p-retry waits minTimeout between attempts; zero keeps the retry tests fast.
const FAST_RETRY: RetryOptions = { retries: 2, minTimeout: 0, maxTimeout: 0 };

let slack: FakeSlack | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

function client(fake: FakeSlack, options: WebClientOptions = {}): WebClient {
  return new WebClient(TEST_BOT_TOKEN, {
    slackApiUrl: fake.apiUrl,
    logLevel: LogLevel.ERROR,
    retryConfig: FAST_RETRY,
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error as Error & Record<string, unknown>;
}

describe('fake Slack faults through the real WebClient', () => {
  it('when rate limited and rejectRateLimitedCalls is set, throws a rate-limited error carrying retryAfter', async () => {
    slack = await startFakeSlack();
    slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 7 });

    const error = await rejection(
      client(slack, { rejectRateLimitedCalls: true }).chat.postMessage({ channel: CHANNEL, text: 'x' }),
    );

    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.code).toBe('slack_webapi_rate_limited_error');
    expect(error.retryAfter).toBe(7);
    expect(slack.callsTo('chat.postMessage')).toMatchObject([{ status: 429, error: 'ratelimited' }]);
  });

  it('when rate limited with default settings, waits Retry-After, retries and succeeds', async () => {
    slack = await startFakeSlack();
    slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();

    const out = await client(slack).chat.postMessage({ channel: CHANNEL, text: 'x' });

    expect(out.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(slack.messages(CHANNEL)).toHaveLength(1);
  });

  it('when the server answers 500 once, the WebClient retries and succeeds', async () => {
    slack = await startFakeSlack();
    slack.failNext('chat.postMessage', { status: 500 });

    const out = await client(slack).chat.postMessage({ channel: CHANNEL, text: 'x' });

    expect(out.ok).toBe(true);
    expect(slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([500, 200]);
  });

  it('when the server keeps answering 500, surfaces an HTTP error after the retries', async () => {
    slack = await startFakeSlack();
    slack.failNext('chat.postMessage', { status: 500 }, 3);

    const error = await rejection(client(slack).chat.postMessage({ channel: CHANNEL, text: 'x' }));

    expect(error.code).toBe(ErrorCode.HTTPError);
    expect(error.statusCode).toBe(500);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
  });

  it('when a platform error is injected, fails with it at HTTP 200 and does not retry', async () => {
    slack = await startFakeSlack();
    slack.failNext('chat.postMessage', { error: 'channel_not_found' });

    const error = await rejection(client(slack).chat.postMessage({ channel: CHANNEL, text: 'x' }));

    expect(error.code).toBe(ErrorCode.PlatformError);
    expect(error.data).toMatchObject({ ok: false, error: 'channel_not_found' });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('with a channel rate of 1/s, a second post to the same channel within the second gets 429', async () => {
    let now = Date.parse('2026-03-02T12:00:00Z');
    slack = await startFakeSlack({ channelRate: { perSecond: 1 }, clock: () => now });
    const web = client(slack, { rejectRateLimitedCalls: true });

    await web.chat.postMessage({ channel: CHANNEL, text: 'first' });
    const error = await rejection(web.chat.postMessage({ channel: CHANNEL, text: 'second' }));
    await web.chat.postMessage({ channel: 'C0OTHER', text: 'elsewhere' });
    now += 1000;
    await web.chat.postMessage({ channel: CHANNEL, text: 'a second later' });

    expect(error.retryAfter).toBe(1);
    expect(slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([200, 429, 200, 200]);
    expect(slack.messages(CHANNEL).map((m) => m.text)).toEqual(['first', 'a second later']);
  });

  it('with a burst allowance, accepts that many posts at once before answering 429', async () => {
    const now = Date.parse('2026-03-02T12:00:00Z');
    slack = await startFakeSlack({ channelRate: { perSecond: 1, burst: 3 }, clock: () => now });
    const web = client(slack, { rejectRateLimitedCalls: true });

    for (const text of ['a', 'b', 'c']) await web.chat.postMessage({ channel: CHANNEL, text });
    const error = await rejection(web.chat.postMessage({ channel: CHANNEL, text: 'd' }));

    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(slack.callsTo('chat.postMessage').filter((c) => c.status === 429)).toHaveLength(1);
  });
});
