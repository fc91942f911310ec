/** Reads security group and network ACL rules: who a CIDR lets in, and which ports a rule opens. */

/** Where a CIDR reaches: the whole Internet, a private or loopback network, or some public range. */
export type CidrReach = 'world' | 'private' | 'public';

// Treat very short prefixes as the world too: 0.0.0.0/1 + 128.0.0.0/1 is 0.0.0.0/0 in two halves.
const WORLD_V4_MAX_PREFIX = 4;
const WORLD_V6_MAX_PREFIX = 8;

/** RFC 1918, carrier-grade NAT (100.64/10), loopback and link-local: not reachable from the Internet. */
const PRIVATE_V4: Array<[base: number, prefix: number]> = [
  [ipv4(10, 0, 0, 0), 8],
  [ipv4(172, 16, 0, 0), 12],
  [ipv4(192, 168, 0, 0), 16],
  [ipv4(100, 64, 0, 0), 10],
  [ipv4(127, 0, 0, 0), 8],
  [ipv4(169, 254, 0, 0), 16],
];

function ipv4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function inV4(address: number, base: number, prefix: number): boolean {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (address & mask) >>> 0 === (base & mask) >>> 0;
}

export function cidrReach(cidr: string): CidrReach {
  const [address = '', prefixText] = cidr.trim().split('/');
  const prefix = prefixText === undefined ? undefined : Number(prefixText);
  if (address.includes(':')) {
    const length = prefix ?? 128;
    if (length <= WORLD_V6_MAX_PREFIX) return 'world';
    const lower = address.toLowerCase();
    // fc00::/7 unique local, fe80::/10 link-local, ::1 loopback.
    if (/^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || lower === '::1') return 'private';
    return 'public';
  }
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255)) {
    return 'public';
  }
  const length = prefix ?? 32;
  if (length <= WORLD_V4_MAX_PREFIX) return 'world';
  const value = ipv4(octets[0] ?? 0, octets[1] ?? 0, octets[2] ?? 0, octets[3] ?? 0);
  return PRIVATE_V4.some(([base, bits]) => length >= bits && inV4(value, base, bits)) ? 'private' : 'public';
}

/** Remote administration ports and database / cache / search ports nobody should expose to the Internet. */
export const SENSITIVE_PORTS = new Map<number, string>([
  [22, 'SSH'],
  [23, 'Telnet'],
  [3389, 'RDP'],
  [5900, 'VNC'],
  [5985, 'WinRM'],
  [5986, 'WinRM'],
  [2375, 'Docker API'],
  [2376, 'Docker API'],
  [6443, 'Kubernetes API'],
  [1433, 'SQL Server'],
  [1521, 'Oracle'],
  [3306, 'MySQL'],
  [5432, 'PostgreSQL'],
  [5439, 'Redshift'],
  [6379, 'Redis'],
  [7000, 'Cassandra'],
  [9042, 'Cassandra'],
  [9200, 'Elasticsearch'],
  [9300, 'Elasticsearch'],
  [5601, 'Kibana'],
  [11211, 'Memcached'],
  [27017, 'MongoDB'],
  [27018, 'MongoDB'],
  [5984, 'CouchDB'],
  [8086, 'InfluxDB'],
]);

/** Ports browsers use: opening them to the world is what public web servers do. */
const WEB_PORTS = new Set([80, 443]);

const ALL_PROTOCOLS = new Set(['-1', 'all']);
const ICMP_PROTOCOLS = new Set(['icmp', 'icmpv6', '1', '58']);

export type PortExposure = 'all' | 'sensitive' | 'web' | 'icmp' | 'other';

export interface PortRange {
  protocol: string;
  from?: number;
  to?: number;
}

function toPort(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

export function portRange(protocol: unknown, from: unknown, to: unknown): PortRange {
  const range: PortRange = { protocol: String(protocol ?? '-1').toLowerCase() };
  const low = toPort(from);
  const high = toPort(to);
  if (low !== undefined) range.from = low;
  if (high !== undefined) range.to = high;
  return range;
}

/** What a rule's protocol and port range expose. */
export function portExposure(range: PortRange): PortExposure {
  if (ALL_PROTOCOLS.has(range.protocol)) return 'all';
  if (ICMP_PROTOCOLS.has(range.protocol)) return 'icmp';
  const from = range.from ?? 0;
  const to = range.to ?? 65535;
  if ((from <= 0 && to >= 65535) || from < 0) return 'all';
  for (const port of SENSITIVE_PORTS.keys()) if (port >= from && port <= to) return 'sensitive';
  if (from === to && WEB_PORTS.has(from)) return 'web';
  return 'other';
}

/** "port 22/tcp (SSH)", "ports 700-702/tcp", "all ports". */
export function describePorts(range: PortRange): string {
  if (portExposure(range) === 'all') return 'all ports';
  if (ICMP_PROTOCOLS.has(range.protocol)) return 'ICMP';
  const protocol = { '6': 'tcp', '17': 'udp' }[range.protocol] ?? range.protocol;
  const from = range.from ?? 0;
  const to = range.to ?? from;
  if (from === to) {
    const service = SENSITIVE_PORTS.get(from);
    return `port ${from}/${protocol}${service ? ` (${service})` : ''}`;
  }
  const named = [...SENSITIVE_PORTS].filter(([port]) => port >= from && port <= to).map(([, name]) => name);
  const services = [...new Set(named)].slice(0, 3);
  return `ports ${from}-${to}/${protocol}${services.length ? ` (incl. ${services.join(', ')})` : ''}`;
}
