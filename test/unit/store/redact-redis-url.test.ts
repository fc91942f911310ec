import { describe, expect, it } from 'vitest';
import { redactRedisUrl } from '../../../src/store/redis-connection.js';

describe('redactRedisUrl', () => {
  it('when the URL carries a password, replaces it and keeps user, host, port and database', () => {
    const redacted = redactRedisUrl('redis://trailwatch:s3cret-pa55@redis.internal:6380/2');
    expect(redacted).toBe('redis://trailwatch:***@redis.internal:6380/2');
    expect(redacted).not.toContain('s3cret');
  });

  it('when only a password is given (redis://:pw@host), still hides it', () => {
    expect(redactRedisUrl('rediss://:s3cret-pa55@203.0.113.7:6379')).toBe('rediss://:***@203.0.113.7:6379');
  });

  it('drops the query string, which may hold a password too', () => {
    expect(redactRedisUrl('redis://127.0.0.1:6379/0?password=s3cret-pa55')).toBe('redis://127.0.0.1:6379/0');
  });

  it('when the URL is not redis:// or rediss://, refuses it with a stable code and without echoing it', () => {
    for (const url of ['http://user:s3cret-pa55@example.com', 'not a url s3cret-pa55', '127.0.0.1:6379']) {
      let caught: unknown;
      try {
        redactRedisUrl(url);
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: 'trailwatch_redis_url_invalid' });
      expect(String((caught as Error).message)).not.toContain('s3cret');
    }
  });
});
