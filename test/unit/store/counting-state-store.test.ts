import { describe, expect, it } from 'vitest';
import { createCountingStateStore } from '../../../src/store/counting-state-store.js';
import { createMemoryStateStore } from '../../../src/store/memory-state-store.js';

describe('createCountingStateStore', () => {
  it('counts one round trip per non-empty call, whatever the batch size', async () => {
    const store = createCountingStateStore(createMemoryStateStore<unknown>());
    await store.setMany(Array.from({ length: 1_000 }, (_, i) => ({ key: `k${i}`, value: i })));
    await store.getMany(['k1', 'k2', 'k3']);
    await store.getMany(['k4']);
    await store.deleteMany(['k1', 'k2']);
    expect(store.counts()).toEqual({ getMany: 2, setMany: 1, deleteMany: 1, total: 4 });
  });

  it('when a batch is empty, counts nothing, since it never reaches the backend', async () => {
    const store = createCountingStateStore(createMemoryStateStore<unknown>());
    await store.getMany([]);
    await store.setMany([]);
    await store.deleteMany([]);
    expect(store.counts().total).toBe(0);
  });

  it('passes answers through unchanged and starts again from zero after reset()', async () => {
    const store = createCountingStateStore(createMemoryStateStore<unknown>());
    await store.setMany([{ key: 'a', value: { n: 1 } }]);
    expect(await store.getMany(['a', 'b'])).toEqual([{ n: 1 }, undefined]);
    expect(store.counts().total).toBe(2);
    store.reset();
    expect(store.counts()).toEqual({ getMany: 0, setMany: 0, deleteMany: 0, total: 0 });
  });
});
