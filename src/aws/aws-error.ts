/** A failed AWS call on behalf of one monitored account: names the account, says whether a retry can help. */
import { TrailwatchError } from '../errors.js';

export interface AwsErrorOptions {
  accountId: string;
  /** False for a refusal (AccessDenied, bad role, unknown key): retrying the same call cannot succeed. */
  retryable: boolean;
  cause?: unknown;
}

export class AwsError extends TrailwatchError {
  readonly accountId: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: AwsErrorOptions) {
    super(code, message, { cause: options.cause });
    this.name = 'AwsError';
    this.accountId = options.accountId;
    this.retryable = options.retryable;
  }
}

/** The fields of an SDK v3 service exception that decide what to do with it. */
interface SdkErrorShape {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

// The SDK's own throttling codes (STS, CloudTrail, EC2 use these names).
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
]);

/** "AccessDenied: User: … is not authorized …": the service's code and text, which hold no secret. */
export function describeSdkError(error: unknown): string {
  const { name, message } = (error ?? {}) as SdkErrorShape;
  return [name, message].filter(Boolean).join(': ') || String(error);
}

/**
 * Server faults, throttling and failures before any answer (network, timeout) may pass on a retry;
 * a client fault (AccessDenied, ValidationError, InvalidClientTokenId) will not.
 */
export function isRetryableSdkError(error: unknown): boolean {
  const shape = (error ?? {}) as SdkErrorShape;
  if (shape.$retryable || THROTTLING.has(shape.name ?? '')) return true;
  if (shape.$fault === 'server') return true;
  return shape.$fault === undefined && shape.$metadata?.httpStatusCode === undefined;
}

/** "account Production (444455556666)", or "account 444455556666" when it has no name of its own. */
export function accountLabel(account: { id: string; name?: string }): string {
  return account.name && account.name !== account.id
    ? `account ${account.name} (${account.id})`
    : `account ${account.id}`;
}
