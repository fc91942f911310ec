/** Safe readers for CloudTrail's free-form requestParameters / responseElements. */
import { boundedMemo } from '../bounded-memo.js';
import type { TrailEvent } from './event.js';

// Detectors ask for a few dozen literal paths, every event: each is split once. Bounded all the same, as a
// path could come from configuration.
const partsOf = boundedMemo((path): readonly string[] => path.split('.'), 1_000);

/** Reads a dotted path ("ipPermissions.items") from an object, or undefined. */
export function pathGet(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const part of partsOf(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export function param(event: TrailEvent, path: string): unknown {
  return pathGet(event.requestParameters, path);
}

export function paramString(event: TrailEvent, path: string): string | undefined {
  const value = param(event, path);
  return typeof value === 'string' ? value : undefined;
}

export function response(event: TrailEvent, path: string): unknown {
  return pathGet(event.responseElements, path);
}

/** CloudTrail wraps lists as `{items: [...]}` in EC2 records and as plain arrays elsewhere. */
export function items(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items)) {
    return (value as { items: unknown[] }).items;
  }
  return [];
}

/** Policy documents arrive URL-encoded or as JSON text; returns the parsed object or undefined. */
export function parsePolicy(value: unknown): Record<string, unknown> | undefined {
  if (value && typeof value === 'object') return value as Record<string, unknown>;
  if (typeof value !== 'string') return undefined;
  for (const text of [value, safeDecode(value)]) {
    try {
      const parsed = JSON.parse(text);
      if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// invokedBy names these when a person clicked in the AWS console: a human act, not a service's.
const CONSOLE_HOSTS = new Set(['signin.amazonaws.com', 'console.amazonaws.com', 'AWS Internal']);

/** True when an AWS service made the call on the account's behalf (CloudFormation, Auto Scaling…). */
export function isServiceActing(event: TrailEvent): boolean {
  if (event.identity.type === 'AWSService') return true;
  const invokedBy = event.identity.invokedBy;
  return invokedBy !== undefined && !CONSOLE_HOSTS.has(invokedBy);
}
