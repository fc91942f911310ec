/** A file's bytes in pieces that end on a line break, read through one reused buffer. */
import { closeSync, openSync, readSync } from 'node:fs';

const NEWLINE = 10;

/** Each call reads the file again from the start. A piece is valid until the next one is asked for. */
export type Chunks = () => Iterable<Uint8Array>;

// Reading a 20 MB data file whole leaves the process that much bigger after the buffer is freed (the
// allocator keeps it); 1 MiB at a time keeps loading within a few MB of what the tables need.
export function fileChunks(path: string, chunkSize = 1 << 20): Chunks {
  return function* () {
    const fd = openSync(path, 'r');
    try {
      let buffer = new Uint8Array(chunkSize);
      let kept = 0;
      while (true) {
        if (kept === buffer.length) {
          const bigger = new Uint8Array(buffer.length * 2); // a line longer than the buffer
          bigger.set(buffer);
          buffer = bigger;
        }
        const read = readSync(fd, buffer, kept, buffer.length - kept, null);
        const filled = kept + read;
        if (read === 0) {
          if (filled > 0) yield buffer.subarray(0, filled);
          return;
        }
        const last = buffer.lastIndexOf(NEWLINE, filled - 1);
        if (last === -1) {
          kept = filled;
          continue;
        }
        yield buffer.subarray(0, last + 1);
        buffer.copyWithin(0, last + 1, filled);
        kept = filled - last - 1;
      }
    } finally {
      closeSync(fd);
    }
  };
}
