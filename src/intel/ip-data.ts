/** The IP data trailwatch ships: ip-location-db's ASN and country CSVs from npm, read once per process. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TrailwatchError } from '../errors.js';
import { type Chunks, fileChunks } from './file-chunks.js';
import { readAsnCsv, readCountryCsv } from './ip-data-csv.js';
import type { RangeTable } from './range-table.js';

export type IpVersion = 4 | 6;

/** Range tables for lookups; each is built the first time it is asked for. */
export interface IpData {
  /** Values are AS numbers. */
  asnTable(version: IpVersion): RangeTable;
  /** Values are ISO 3166-1 alpha-2 codes packed as two char codes (countryName() unpacks them). */
  countryTable(version: IpVersion): RangeTable;
  /** The organisation of an AS seen in an ASN table already built. */
  asOrg(asn: number): string | undefined;
}

/** Where IpIntel gets its data: the packaged files by default, a small fixture in tests. */
export interface IpDataSource {
  /** e.g. "@ip-location-db/asn@2.3.2026061719 (2026-06-17), …" */
  readonly version: string;
  load(): IpData;
}

/** The IP data package is missing or its files can't be read: an install problem, not bad input. */
export class IpDataUnavailableError extends TrailwatchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ip_data_unavailable', message, options);
    this.name = 'IpDataUnavailableError';
  }
}

// RouteViews + RIR + DB-IP Lite ASN data, CC BY 4.0 (attribution: routeviews.org, db-ip.com, nro.net).
const ASN_PACKAGE = '@ip-location-db/asn';
// GeoFeed > RIR whois > RIR ASN country data; CC0 per its package.json, NRO data under CC BY 4.0.
const COUNTRY_PACKAGE = '@ip-location-db/geo-whois-asn-country';

const require = createRequire(import.meta.url);

interface PackageInfo {
  dir: string;
  label: string;
}

function packageInfo(name: string): PackageInfo {
  try {
    const manifest = require.resolve(`${name}/package.json`);
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string };
    // ip-location-db versions end in the build's date and hour: 2.3.2026061719 -> 2026-06-17.
    const stamp = /\.(\d{4})(\d{2})(\d{2})\d{2}$/.exec(version ?? '');
    const date = stamp ? ` (${stamp[1]}-${stamp[2]}-${stamp[3]})` : '';
    return { dir: dirname(manifest), label: `${name}@${version ?? '?'}${date}` };
  } catch (cause) {
    throw new IpDataUnavailableError(`${name} is not installed; run npm install`, { cause });
  }
}

function readTable(dir: string, file: string, parse: (chunks: Chunks, file: string) => RangeTable) {
  try {
    return parse(fileChunks(join(dir, file)), file);
  } catch (cause) {
    throw new IpDataUnavailableError(`cannot read ${file} from ${dir}`, { cause });
  }
}

function packagedTables(): IpData {
  const asOrgs = new Map<number, string>();
  const asnFiles = { 4: 'asn-ipv4-num.csv', 6: 'asn-ipv6.csv' } as const;
  const countryFiles = {
    4: 'geo-whois-asn-country-ipv4-num.csv',
    6: 'geo-whois-asn-country-ipv6.csv',
  } as const;
  const asn: Partial<Record<IpVersion, RangeTable>> = {};
  const country: Partial<Record<IpVersion, RangeTable>> = {};
  return {
    asnTable(version) {
      asn[version] ??= readTable(packageInfo(ASN_PACKAGE).dir, asnFiles[version], (chunks, file) =>
        readAsnCsv(chunks, file, version, asOrgs),
      );
      return asn[version];
    },
    countryTable(version) {
      country[version] ??= readTable(
        packageInfo(COUNTRY_PACKAGE).dir,
        countryFiles[version],
        (chunks, file) => readCountryCsv(chunks, file, version),
      );
      return country[version];
    },
    asOrg: (number) => asOrgs.get(number),
  };
}

// The tables are immutable and take up to a second to build, so every IpIntel in the process shares
// them, each built on the first lookup that needs it (IPv6 tables only if an IPv6 address shows up):
// a deliberate exception to "no module-level singletons".
let shared: IpData | undefined;
let sharedVersion: string | undefined;

export const packagedIpData: IpDataSource = {
  get version(): string {
    sharedVersion ??= [ASN_PACKAGE, COUNTRY_PACKAGE].map((name) => packageInfo(name).label).join(', ');
    return sharedVersion;
  },
  load(): IpData {
    shared ??= packagedTables();
    return shared;
  },
};
