/** What the unusual-source detectors share: which sources may be called new, and what a caller knows. */
import type { DetectionContext } from '../behaviour/context.js';
import { isPlace } from '../behaviour/learn.js';
import type { ActorProfile } from '../behaviour/profiles.js';
import { isFresh } from '../behaviour/profiles.js';
import { AWS_ASNS } from '../intel/ip-intel.js';

/**
 * A source worth calling new: an address on the internet (or a documentation range, as tests and the
 * sample use), not on the operator's allowlist, and not AWS's own (EC2, Lambda, service endpoints).
 */
export function isJudgedPlace(context: DetectionContext): boolean {
  const { source } = context;
  return isPlace(source) && !source.isAws && !context.allowedSource;
}

/** True when "AS16509"-style labels name one of AWS's own networks. */
export function isAwsNetworkLabel(network: string): boolean {
  return network.startsWith('AS') && AWS_ASNS.has(Number(network.slice(2)));
}

/** The profile that knows most about the caller: the principal's (every key and session), else the key's. */
export function callerHistory(context: DetectionContext): ActorProfile | undefined {
  return context.principal ?? context.key;
}

/** Whether the principal or its long-term key has called from this network before. */
export function knowsNetwork(context: DetectionContext, network: string): boolean {
  return context.principal?.networks[network] !== undefined || context.key?.networks[network] !== undefined;
}

export function knowsCountry(context: DetectionContext, country: string): boolean {
  return context.principal?.countries[country] !== undefined || context.key?.countries[country] !== undefined;
}

/** Countries are comparable only once the caller has been seen in at least one. */
export function hasCountries(context: DetectionContext): boolean {
  const principal = context.principal?.countries;
  const key = context.key?.countries;
  for (const set of [principal, key]) if (set) for (const _ in set) return true;
  return false;
}

/**
 * New to the caller, or first seen within the last day: the intruder's first call makes its network
 * known, yet its bulk download an hour later still comes from a place new to this principal.
 */
export function isNewOrFreshNetwork(context: DetectionContext, network: string, at: number): boolean {
  return (
    !knowsNetwork(context, network) ||
    isFresh(context.principal, 'net', network, at) ||
    isFresh(context.key, 'net', network, at)
  );
}
