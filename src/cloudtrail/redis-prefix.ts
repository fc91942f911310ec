/** The default Redis key prefix of the poller's state; the hash tag keeps it in one Redis Cluster slot. */
export const DEFAULT_CLOUDTRAIL_PREFIX = '{trailwatch}:cloudtrail:';
