/** IPv4 and IPv6 text to numbers, strictly: what CloudTrail writes, nothing `inet_aton` would guess at. */

/** Four 32-bit words, most significant first. */
export type Ipv6Words = readonly [number, number, number, number];

export type ParsedIp = { version: 4; value: number } | { version: 6; words: Ipv6Words };

const DOT = 46;
const COLON = 58;
const PERCENT = 37;
const ZERO = 48;
const NINE = 57;
// Longest IPv6 literal (with an IPv4 tail) is 45 characters; a zone name may follow.
const MAX_LITERAL = 128;

/** Address text as bytes in [from, to): the loader parses file bytes directly, lookups copy a string in. */
interface Span {
  codes: Uint8Array;
  from: number;
  to: number;
}

/** IPv4 in codes[from, to) -> 0..2^32-1; undefined unless four decimal octets without leading zeros. */
export function ipv4FromCodes(codes: Uint8Array, from: number, to: number): number | undefined {
  let value = 0;
  let octets = 0;
  let i = from;
  while (octets < 4) {
    const first = i;
    let octet = 0;
    while (i < to && (codes[i] ?? 0) >= ZERO && (codes[i] ?? 0) <= NINE)
      octet = octet * 10 + (codes[i++] ?? 0) - ZERO;
    const digits = i - first;
    // "010" is octal to inet_aton and decimal elsewhere: refuse it rather than guess.
    if (digits === 0 || digits > 3 || octet > 255 || (digits > 1 && codes[first] === ZERO)) return undefined;
    value = value * 256 + octet;
    octets++;
    if (i === to) break;
    if (codes[i] !== DOT) return undefined;
    i++;
  }
  return octets === 4 && i === to ? value : undefined;
}

function hexDigit(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  const lower = c | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

const groups = new Uint16Array(8);

/** IPv6 in codes[from, to) -> `out` (four words); a zone ("%eth0") is dropped. False when malformed. */
export function ipv6FromCodes(codes: Uint8Array, from: number, end: number, out: Uint32Array): boolean {
  let to = from;
  while (to < end && codes[to] !== PERCENT) to++;
  if (to === end - 1) return false;
  let count = 0;
  let gap = -1;
  let i = from;
  if (codes[i] === COLON) {
    if (codes[i + 1] !== COLON) return false;
    gap = 0;
    i += 2;
  }
  while (i < to) {
    if (count === 8) return false;
    const first = i;
    let group = 0;
    while (i < to && i - first < 5) {
      const digit = hexDigit(codes[i] ?? 0);
      if (digit < 0) break;
      group = group * 16 + digit;
      i++;
    }
    if (i < to && codes[i] === DOT) {
      // An IPv4 tail ("::ffff:192.0.2.1") fills the last two groups.
      const v4 = count <= 6 ? ipv4FromCodes(codes, first, to) : undefined;
      if (v4 === undefined) return false;
      groups[count++] = Math.floor(v4 / 0x10000);
      groups[count++] = v4 & 0xffff;
      break;
    }
    if (i === first || i - first > 4) return false;
    groups[count++] = group;
    if (i === to) break;
    if (codes[i] !== COLON) return false;
    i++;
    if (codes[i] === COLON) {
      if (gap !== -1) return false;
      gap = count;
      i++;
    } else if (i === to) {
      return false;
    }
  }
  if (gap === -1 ? count !== 8 : count > 7) return false;
  if (gap !== -1) {
    // "::" stands for as many zero groups as are missing.
    const zeros = 8 - count;
    groups.copyWithin(gap + zeros, gap, count);
    groups.fill(0, gap, gap + zeros);
  }
  for (let k = 0; k < 4; k++) out[k] = (groups[2 * k] ?? 0) * 0x10000 + (groups[2 * k + 1] ?? 0);
  return true;
}

const scratch = new Uint8Array(MAX_LITERAL);

function asciiSpan(text: string): Span | undefined {
  if (text.length === 0 || text.length > MAX_LITERAL) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return undefined;
    scratch[i] = c;
  }
  return { codes: scratch, from: 0, to: text.length };
}

/** "2001:db8::1" -> four words; undefined when malformed. */
export function parseIpv6(text: string): Ipv6Words | undefined {
  const span = asciiSpan(text);
  const out = new Uint32Array(4);
  if (span === undefined || !ipv6FromCodes(span.codes, span.from, span.to, out)) return undefined;
  return [out[0] ?? 0, out[1] ?? 0, out[2] ?? 0, out[3] ?? 0];
}

/** An IPv4 or IPv6 literal; an IPv4-mapped IPv6 address (::ffff:a.b.c.d) comes back as IPv4. */
export function parseIp(text: string): ParsedIp | undefined {
  if (!text.includes(':')) {
    const span = asciiSpan(text);
    const value = span && ipv4FromCodes(span.codes, span.from, span.to);
    return value === undefined ? undefined : { version: 4, value };
  }
  const words = parseIpv6(text);
  if (words === undefined) return undefined;
  if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff) return { version: 4, value: words[3] };
  return { version: 6, words };
}

/** "203.0.113.0/24" for any address in it. */
export function ipv4Prefix24(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.0/24`;
}

/** "2001:db8:12::/48" for any address in it. */
export function ipv6Prefix48(words: Ipv6Words): string {
  const hex = (n: number) => n.toString(16);
  return `${hex(words[0] >>> 16)}:${hex(words[0] & 0xffff)}:${hex(words[1] >>> 16)}::/48`;
}
