/** The in-memory adapter (and the counting decorator around it) against the shared StateStore contract. */
import { createCountingStateStore } from '../../../src/store/counting-state-store.js';
import { createMemoryStateStore } from '../../../src/store/memory-state-store.js';
import { runStateStoreContract } from '../../contract/state-store.case.js';

function memoryHarness() {
  let now = Date.parse('2024-05-01T10:00:00Z');
  const store = createMemoryStateStore({ now: () => now });
  return {
    store,
    async elapse(ms: number) {
      now += ms;
    },
  };
}

runStateStoreContract('memory adapter', async () => memoryHarness());

runStateStoreContract('counting decorator over the memory adapter', async () => {
  const harness = memoryHarness();
  return { ...harness, store: createCountingStateStore(harness.store) };
});
