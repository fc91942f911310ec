/** Reduces a user agent to its family ("aws-cli", "boto3", "browser", "console"…), what a baseline remembers. */
import { boundedMemo } from '../bounded-memo.js';

// Browsers put Mozilla first; the console's own calls carry these markers.
const CONSOLE_MARKERS = ['console.amazonaws.com', 'signin.amazonaws.com', 'AWS Internal'];

function familyOf(userAgent: string): string {
  if (!userAgent) return 'none';
  if (CONSOLE_MARKERS.some((marker) => userAgent.includes(marker))) return 'console';
  if (userAgent.startsWith('Mozilla/')) return 'browser';
  // "[S3Console/0.4, aws-internal/3 …]" -> "s3console"; "aws-cli/2.15.0 Python/3.11" -> "aws-cli"
  const first = userAgent.replace(/^\[/, '').split(/[\s,]/)[0] ?? '';
  const name = first.split('/')[0]?.toLowerCase() ?? '';
  return name.endsWith('.amazonaws.com') ? 'aws-service' : name || 'unknown';
}

// A trail has few distinct user agents and millions of events: remember the answer per string.
export const userAgentFamily: (userAgent: string) => string = boundedMemo(familyOf, 5_000);
