/**
 * What each CLI subcommand takes, on its own so that `--help` and an unknown verb load no subcommand's
 * module (src/cli.ts imports those only for the verb it runs).
 */

export const SCAN_USAGE =
  'usage: npx trailwatch scan FILE|DIR|- … [--format table|json|ndjson] [--min-severity info|low|medium|high|critical]\n' +
  '                           [--state FILE] [--config trailwatch.yml]\n' +
  'example: npx trailwatch scan examples/sample-trail --min-severity high';

export const SIMULATE_USAGE =
  'usage: npx trailwatch simulate [--seed N] [--days D] [--events N] [--out DIR] [--gzip]\n' +
  'example: npx trailwatch simulate --seed 7 --days 21 --out /tmp/trail --gzip';

export const SERVICE_USAGE =
  'usage: npx trailwatch start  [--config trailwatch.yml] [--http-port N]   poll on schedule and run the workers\n' +
  '       npx trailwatch worker [--config trailwatch.yml] [--http-port N]   run the workers only (more machines)\n' +
  '       /healthz, /metrics (and /slack/events in Slack HTTP mode) listen on --http-port, else $PORT,\n' +
  '       else 3000 when Slack is in HTTP mode, else nowhere';

export const BACKFILL_USAGE =
  'usage: npx trailwatch backfill --days N [--config trailwatch.yml]   queue polls of the last N days (at most 90)\n' +
  '       that polling has not read yet; `npx trailwatch start` or `worker` runs them\n' +
  '       npx trailwatch backfill --from-s3 s3://bucket/prefix --days N   read N days of trail files from the bucket';

export const FINDINGS_USAGE =
  'usage: npx trailwatch findings [--format table|json] [--status open|acknowledged|resolved|false-positive]\n' +
  '                               [--min-severity info|low|medium|high|critical] [--limit N] [--config trailwatch.yml]';

export const DEMO_USAGE =
  'usage: npx trailwatch demo [--port N] [--incident-after SECONDS] [--history-days N]\n' +
  '       the bot against local stand-ins of AWS and Slack; open the page it prints (default port 3300).\n' +
  '       Redis: REDIS_URL, else a private redis-server from PATH';
