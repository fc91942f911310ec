/**
 * Downloads the next message's trail file while the one in hand is handed to detection: the GetObject
 * wait overlaps the work instead of following it. At most one file is read ahead, so memory stays
 * bounded by two files. A read ahead that failed fails where the file is read in turn, as any read does.
 */
import { parseNotification } from './notification.js';
import type { ReadObject } from './read-trail-file.js';
import { classifyTrailKey, type TrailKeyFilters } from './trail-key.js';

export interface ReadAhead {
  /** Reads the objects: the one read ahead for this bucket and key if there is one, else now. */
  read: ReadObject;
  /** Starts downloading the first trail file a message names (a message that will wait its turn). */
  start(body: string): void;
}

export function createReadAhead(read: ReadObject, filters: TrailKeyFilters): ReadAhead {
  let ahead: { id: string; bytes: Promise<Buffer> } | undefined;
  const idOf = (bucket: string, key: string) => `${bucket}\u0000${key}`;
  return {
    read(bucket, key, signal) {
      const id = idOf(bucket, key);
      if (ahead?.id === id) {
        const { bytes } = ahead;
        ahead = undefined;
        return bytes;
      }
      return read(bucket, key, signal);
    },
    start(body) {
      const notification = parseNotification(body);
      if (notification.kind !== 'objects') return;
      const object = notification.objects.find((o) => classifyTrailKey(o.key, filters).kind !== 'skip');
      if (!object) return;
      const bytes = read(object.bucket, object.key);
      // Its failure is reported when the file is read in turn; until then nobody listens.
      bytes.catch(() => {});
      ahead = { id: idOf(object.bucket, object.key), bytes };
    },
  };
}
