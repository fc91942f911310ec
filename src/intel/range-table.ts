/** Address ranges -> a 32-bit value in flat typed arrays, found by binary search (IPv4: 1 word, IPv6: 4). */

type Width = 1 | 4;

function compareAt(a: Uint32Array, i: number, b: Uint32Array, j: number, width: Width): number {
  for (let w = 0; w < width; w++) {
    const x = a[i * width + w] ?? 0;
    const y = b[j * width + w] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function compareKey(a: Uint32Array, i: number, key: ArrayLike<number>, width: Width): number {
  for (let w = 0; w < width; w++) {
    const x = a[i * width + w] ?? 0;
    const y = key[w] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Sorted by start, and by end descending where starts are equal; written out for the IPv4 case. */
function isSorted(starts: Uint32Array, ends: Uint32Array, n: number, w: Width): boolean {
  for (let row = 1; row < n; row++) {
    if (w === 1) {
      const [prev, next] = [starts[row - 1] ?? 0, starts[row] ?? 0];
      if (prev > next || (prev === next && (ends[row - 1] ?? 0) < (ends[row] ?? 0))) return false;
    } else {
      const byStart = compareAt(starts, row - 1, starts, row, w);
      if (byStart > 0 || (byStart === 0 && compareAt(ends, row - 1, ends, row, w) < 0)) return false;
    }
  }
  return true;
}

export class RangeTable {
  readonly width: Width;
  readonly size: number;
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly values: Uint32Array;
  // For each row, the nearest earlier row still open where it starts (-1: none). The shipped data nests
  // ranges (a geofeed entry inside a whois block): the inner row wins inside its span and the outer
  // row still answers around it, so a miss on the found row walks out through its enclosing rows.
  private readonly enclosing: Int32Array;

  constructor(width: Width, starts: Uint32Array, ends: Uint32Array, values: Uint32Array) {
    this.width = width;
    this.size = values.length;
    this.starts = starts;
    this.ends = ends;
    this.values = values;
    this.enclosing = new Int32Array(this.size);
    const open = new Int32Array(this.size);
    let depth = 0;
    for (let row = 0; row < this.size; row++) {
      while (depth > 0 && compareAt(ends, open[depth - 1] ?? 0, starts, row, width) < 0) depth--;
      this.enclosing[row] = depth > 0 ? (open[depth - 1] ?? -1) : -1;
      open[depth++] = row;
    }
  }

  /** The value of the most specific range holding `key` (one word for IPv4, four for IPv6). */
  find(key: ArrayLike<number>): number | undefined {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareKey(this.starts, mid, key, this.width) <= 0) low = mid + 1;
      else high = mid;
    }
    let row = low - 1;
    while (row >= 0 && compareKey(this.ends, row, key, this.width) < 0) row = this.enclosing[row] ?? -1;
    return row >= 0 ? this.values[row] : undefined;
  }

  /** Bytes held by the typed arrays. */
  get byteLength(): number {
    return this.starts.byteLength + this.ends.byteLength + this.values.byteLength + this.enclosing.byteLength;
  }
}

/** Collects rows in any order; build() sorts them by start, wider first on a tie, so narrower rows win. */
export class RangeTableBuilder {
  private readonly width: Width;
  private count = 0;
  private starts: Uint32Array;
  private ends: Uint32Array;
  private values: Uint32Array;

  constructor(width: Width, capacity = 1024) {
    this.width = width;
    const rows = Math.max(1, capacity);
    this.starts = new Uint32Array(rows * width);
    this.ends = new Uint32Array(rows * width);
    this.values = new Uint32Array(rows);
  }

  /** Adds [start, end] inclusive; returns false (and adds nothing) when start > end. */
  add(start: ArrayLike<number>, end: ArrayLike<number>, value: number): boolean {
    const w = this.width;
    for (let k = 0; k < w; k++) {
      const s = start[k] ?? 0;
      const e = end[k] ?? 0;
      if (s !== e) {
        if (s > e) return false;
        break;
      }
    }
    if (this.count === this.values.length) this.grow();
    for (let k = 0; k < w; k++) {
      this.starts[this.count * w + k] = start[k] ?? 0;
      this.ends[this.count * w + k] = end[k] ?? 0;
    }
    this.values[this.count++] = value;
    return true;
  }

  /** IPv4 fast path: no key arrays. */
  add4(start: number, end: number, value: number): boolean {
    if (this.width !== 1 || start > end) return false;
    if (this.count === this.values.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.values[this.count++] = value;
    return true;
  }

  build(): RangeTable {
    const w = this.width;
    const n = this.count;
    // Trim any spare capacity (a copy); when the capacity was exact, keep the arrays as they are.
    const trimmed = (array: Uint32Array, length: number) =>
      array.length === length ? array : array.slice(0, length);
    const starts = trimmed(this.starts, n * w);
    const ends = trimmed(this.ends, n * w);
    const values = trimmed(this.values, n);
    this.reset(); // the table may now own the builder's arrays
    const order = (a: number, b: number) =>
      compareAt(starts, a, starts, b, w) || compareAt(ends, b, ends, a, w); // wider first on a tie
    if (isSorted(starts, ends, n, w)) return new RangeTable(w, starts, ends, values);
    const rows = Array.from({ length: n }, (_, row) => row).sort(order);
    const [s, e, v] = [new Uint32Array(n * w), new Uint32Array(n * w), new Uint32Array(n)];
    rows.forEach((from, to) => {
      s.set(starts.subarray(from * w, from * w + w), to * w);
      e.set(ends.subarray(from * w, from * w + w), to * w);
      v[to] = values[from] ?? 0;
    });
    return new RangeTable(w, s, e, v);
  }

  private reset(): void {
    this.count = 0;
    this.starts = new Uint32Array(this.width);
    this.ends = new Uint32Array(this.width);
    this.values = new Uint32Array(1);
  }

  private grow(): void {
    const rows = this.values.length * 2;
    const grown = (old: Uint32Array, size: number) => {
      const next = new Uint32Array(size);
      next.set(old);
      return next;
    };
    this.starts = grown(this.starts, rows * this.width);
    this.ends = grown(this.ends, rows * this.width);
    this.values = grown(this.values, rows);
  }
}
