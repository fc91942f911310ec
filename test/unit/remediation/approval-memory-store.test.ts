/** The memory adapter against the shared ApprovalStore contract. */
import { createMemoryApprovalStore } from '../../../src/remediation/approval-memory-store.js';
import { runApprovalStoreContract } from '../../integration/remediation/approval-store.case.js';

runApprovalStoreContract('Memory adapter', async () => ({ store: createMemoryApprovalStore() }));
