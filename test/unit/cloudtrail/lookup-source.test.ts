/** The source's failure paths with a stub port: what is retried, what is wrapped, what is passed on. */
import { describe, expect, it } from 'vitest';
import type { LookupEventsPort } from '../../../src/cloudtrail/lookup-events-port.js';
import { createLookupSource } from '../../../src/cloudtrail/lookup-source.js';
import type { RateLimiter } from '../../../src/cloudtrail/rate-limiter.js';

const request = {
  accountId: '123456789012',
  region: 'us-east-1',
  start: Date.parse('2026-03-02T09:00:00Z'),
  end: Date.parse('2026-03-02T10:00:00Z'),
  priority: 'poll' as const,
};

function failing(error: Error): LookupEventsPort & { calls: number } {
  const port = {
    calls: 0,
    async lookupEvents() {
      port.calls += 1;
      throw error;
    },
  };
  return port;
}

function named(name: string, message = name): Error {
  return Object.assign(new Error(message), { name });
}

async function drain(read: AsyncGenerator<unknown>) {
  for await (const _ of read) {
    // read every page
  }
}

describe('LookupEvents source failures', () => {
  it('when CloudTrail refuses the call (AccessDenied), fails at once with trailwatch_cloudtrail_lookup_failed and the cause', async () => {
    const denied = named(
      'AccessDeniedException',
      'User is not authorized to perform: cloudtrail:LookupEvents',
    );
    const port = failing(denied);
    const acquired: string[] = [];
    const limiter: RateLimiter = {
      acquire: async (key, priority) => void acquired.push(`${key} ${priority}`),
    };
    const source = createLookupSource({ client: () => port, limiter, sleep: async () => {} });

    const error = (await drain(source.read(request)).catch((e: unknown) => e)) as {
      code?: string;
      cause?: unknown;
      message?: string;
    };

    expect(error.code).toBe('trailwatch_cloudtrail_lookup_failed');
    expect(error.message).toContain('AccessDeniedException');
    expect(error.cause).toBe(denied);
    expect(port.calls).toBe(1);
    expect(acquired).toEqual(['123456789012:us-east-1 poll']);
  });

  it('takes a limiter token before every attempt, retries included', async () => {
    const port = failing(named('ThrottlingException', 'Rate exceeded'));
    let tokens = 0;
    const source = createLookupSource({
      client: port,
      limiter: {
        async acquire() {
          tokens += 1;
        },
      },
      sleep: async () => {},
      retry: { maxRetries: 2 },
    });

    await expect(drain(source.read(request))).rejects.toMatchObject({
      code: 'trailwatch_cloudtrail_throttled',
    });
    expect(port.calls).toBe(3);
    expect(tokens).toBe(3);
  });

  it('refuses a window whose start is after its end before calling CloudTrail', async () => {
    const port = failing(new Error('not called'));
    const source = createLookupSource({ client: port, limiter: { acquire: async () => {} } });

    await expect(drain(source.read({ ...request, start: request.end + 1 }))).rejects.toMatchObject({
      code: 'trailwatch_cloudtrail_window_invalid',
    });
    expect(port.calls).toBe(0);
  });
});
