/** What an object key in a trail bucket holds: a CloudTrail log file of one account-region, or something to skip. */

export type TrailKey =
  | { kind: 'log'; accountId: string; region: string; orgId?: string; date: string }
  | { kind: 'skip'; reason: SkipReason };

export type SkipReason = 'digest' | 'insight' | 'other' | 'filtered';

export interface TrailKeyFilters {
  /** Only keys under this prefix. */
  prefix?: string;
  accounts?: readonly string[];
  regions?: readonly string[];
}

// CloudTrail writes [prefix/]AWSLogs/[o-ORGID/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/<file>.json.gz;
// digests go to CloudTrail-Digest/ and Insights to CloudTrail-Insight/ in the same place.
const LAYOUT =
  /(?:^|\/)AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/(CloudTrail(?:-Digest|-Insight)?)\/([a-z]{2}(?:-[a-z]+)+-\d{1,2})\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+$/;

export function classifyTrailKey(key: string, filters: TrailKeyFilters = {}): TrailKey {
  const match = LAYOUT.exec(key);
  if (!match) return { kind: 'skip', reason: 'other' };
  const [, orgId, accountId, folder, region, year, month, day] = match as unknown as string[];
  if (folder === 'CloudTrail-Digest') return { kind: 'skip', reason: 'digest' };
  if (folder === 'CloudTrail-Insight') return { kind: 'skip', reason: 'insight' };
  // Log files are gzipped JSON; anything else in the folder (a console upload, a marker) is not one.
  if (!/\.json(\.gz)?$/.test(key)) return { kind: 'skip', reason: 'other' };
  if (filters.prefix && !key.startsWith(filters.prefix)) return { kind: 'skip', reason: 'filtered' };
  if (filters.accounts && !filters.accounts.includes(accountId as string))
    return { kind: 'skip', reason: 'filtered' };
  if (filters.regions && !filters.regions.includes(region as string))
    return { kind: 'skip', reason: 'filtered' };
  return {
    kind: 'log',
    accountId: accountId as string,
    region: region as string,
    ...(orgId ? { orgId } : {}),
    date: `${year}-${month}-${day}`,
  };
}
