/**
 * The AWS SDK's Node-version notice, said once by trailwatch as a structured log line. The SDK (v3)
 * prints a multi-line process warning to stderr from the first client it builds when Node is older
 * than 22 (emitWarningIfUnsupportedVersion in @aws-sdk/core); a JSON log reader cannot parse it.
 */
import type { Logger } from '../logger.js';

/** The oldest Node major that AWS SDK releases from January 2027 on will run on. */
export const SDK_MIN_NODE_MAJOR = 22;

/** The SDK's own switch for its notice (and only that notice): other process warnings still print. */
export const SDK_NODE_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** Turns the SDK's notice off, unless the operator set the switch; call before any SDK client is built. */
export function takeOverSdkNodeWarning(env: NodeJS.ProcessEnv): void {
  env[SDK_NODE_WARNING_SWITCH] ??= 'true';
}

/** Logs one warning when this Node is older than the SDK's coming minimum; nothing on Node 22 or later. */
export function logNodeSupport(logger: Logger, version: string = process.version): void {
  const major = Number.parseInt(version.replace(/^v/, ''), 10);
  if (major >= SDK_MIN_NODE_MAJOR) return;
  logger.warn(
    { nodeVersion: version, requiredNodeMajor: SDK_MIN_NODE_MAJOR },
    `Node ${major} is past end of life: AWS SDK releases from January 2027 need Node ${SDK_MIN_NODE_MAJOR} or later; run trailwatch on Node 24`,
  );
}
