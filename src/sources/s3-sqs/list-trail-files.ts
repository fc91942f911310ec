/**
 * Lists a trail bucket's log files for a range of days by CloudTrail's date layout, without listing the
 * whole bucket: the prefix is walked folder by folder (Delimiter '/') down to each
 * `…/CloudTrail/REGION/`, then only `YYYY/MM/DD/` of the wanted days is listed there.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

const REGION_FOLDER = /(?:^|\/)CloudTrail\/[a-z]{2}(?:-[a-z]+)+-\d{1,2}\/$/;
// Digests and Insights sit beside CloudTrail/ and hold no API calls; other AWS logs share AWSLogs/ too.
const NOT_LOGS =
  /(?:^|\/)(?:CloudTrail-Digest|CloudTrail-Insight|Config|vpcflowlogs|elasticloadbalancing)\/$/;
// bucket/[prefix/]AWSLogs/o-ORG/ACCOUNT/CloudTrail/REGION/: a few levels at most.
const MAX_DEPTH = 6;
const DAY_MS = 86_400_000;

export interface ListTrailFilesOptions {
  s3: Pick<S3Client, 'send'>;
  bucket: string;
  prefix: string;
  /** The days to list, UTC: [from, to], epoch ms (any time within the day). */
  from: number;
  to: number;
}

async function* listPages(s3: Pick<S3Client, 'send'>, bucket: string, prefix: string, delimiter?: string) {
  let token: string | undefined;
  do {
    const out = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(delimiter ? { Delimiter: delimiter } : {}),
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    yield out;
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
}

/** Every `…/CloudTrail/REGION/` folder under the prefix. */
async function regionFolders(
  options: ListTrailFilesOptions,
  prefix: string,
  depth: number,
): Promise<string[]> {
  if (REGION_FOLDER.test(prefix)) return [prefix];
  if (depth >= MAX_DEPTH) return [];
  const found: string[] = [];
  for await (const page of listPages(options.s3, options.bucket, prefix, '/')) {
    for (const child of page.CommonPrefixes ?? []) {
      if (!child.Prefix || NOT_LOGS.test(child.Prefix)) continue;
      found.push(...(await regionFolders(options, child.Prefix, depth + 1)));
    }
  }
  return found;
}

function dayFolders(from: number, to: number): string[] {
  const days: string[] = [];
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day <= to; day += DAY_MS) {
    days.push(`${new Date(day).toISOString().slice(0, 10).replace(/-/g, '/')}/`);
  }
  return days;
}

/** Keys of the log files of each day, region by region, oldest day first. */
export async function* listTrailFiles(options: ListTrailFilesOptions): AsyncGenerator<string> {
  const start = options.prefix === '' || options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`;
  const folders = await regionFolders(options, start, 0);
  for (const day of dayFolders(options.from, options.to)) {
    for (const folder of folders) {
      for await (const page of listPages(options.s3, options.bucket, `${folder}${day}`)) {
        for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
      }
    }
  }
}
