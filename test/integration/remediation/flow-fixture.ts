/** The whole remediation flow wired for tests: real Redis, BullMQ, and the real IAM/STS clients against the fakes. */
import { randomUUID } from 'node:crypto';
import { type Job, Worker } from 'bullmq';
import { pino } from 'pino';
import { createRemediateQueue, type RemediateQueue } from '../../../jobs/queues.js';
import { createRemediateProcessor } from '../../../jobs/remediate-job.js';
import { createRemediationActions } from '../../../src/aws/containment/registry.js';
import { createIamAccessKeyDirectory } from '../../../src/aws/iam-access-key-directory.js';
import { createResponderClients, type ResponderClients } from '../../../src/aws/responder-clients.js';
import { RemediationConfigSchema } from '../../../src/config/slack-config.js';
import type { Approvers } from '../../../src/remediation/approval-policy.js';
import { createRedisApprovalStore } from '../../../src/remediation/approval-redis-store.js';
import type { ApprovalStore } from '../../../src/remediation/approval-store.js';
import { type AuditLog, createRedisAuditLog } from '../../../src/remediation/audit-log.js';
import type { RemediationRequest } from '../../../src/remediation/remediation-request.js';
import {
  createRemediationService,
  type RemediationService,
} from '../../../src/remediation/remediation-service.js';
import { testCredentials } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeIam, startFakeIam } from '../../../src/stand-ins/fake-iam.js';
import { type FakeSts, startFakeSts } from '../../../src/stand-ins/fake-sts.js';
import type { RedisClient } from '../../../src/store/redis-connection.js';
import { uniquePrefix } from '../../helpers/redis-server.js';
import { SDK_SETTINGS } from '../aws/aws-fixture.js';
import { closeWithin } from '../jobs/pipeline-harness.js';
import { ACCOUNT, iamClientFor, NOW, seedAccount } from './remediation-fixture.js';

export { ACCOUNT, STOLEN_KEY } from './remediation-fixture.js';

/** An account trailwatch reads but may not change: no responderRoleArn. */
export const READ_ONLY_ACCOUNT = '444455556666';
export const RESPONDER_ROLE = `arn:aws:iam::${ACCOUNT}:role/trailwatch-responder`;
export const READER_ROLE = `arn:aws:iam::${ACCOUNT}:role/trailwatch-reader`;
/** Slack users: A asks, B and D approve, C is nobody in particular. */
export const USER = { a: 'U0AAAAAAA', b: 'U0BBBBBBB', c: 'U0CCCCCCC', d: 'U0DDDDDDD' } as const;
export const APPROVERS: Approvers = {
  userIds: new Set([USER.a, USER.b]),
  groupMemberIds: new Set([USER.d]),
};

export interface Flow {
  iam: FakeIam;
  sts: FakeSts;
  approvals: ApprovalStore;
  audit: AuditLog;
  service: RemediationService;
  queue: RemediateQueue;
  worker: Worker;
  responders: ResponderClients;
  /** Every request the processor reported through onChange, in order. */
  changes: RemediationRequest[];
  /** Moves the service's clock (the approval store's own clock stays real). */
  advance(ms: number): void;
  /** Resolves when the job with this id completes or fails for good. */
  finished(jobId: string): Promise<Job>;
  close(): Promise<void>;
}

export interface FlowOptions {
  producer: RedisClient;
  connection: RedisClient;
  dryRun?: boolean;
  /** The responder role's trust policy refuses trailwatch (AssumeRole answers AccessDenied). */
  refuseResponder?: boolean;
}

export async function startFlow(options: FlowOptions): Promise<Flow> {
  const sts = await startFakeSts(options.refuseResponder ? { refuse: [RESPONDER_ROLE] } : {});
  // IAM answers the static test key (the reader, in ACCOUNT) and every session the fake STS mints.
  const iam = await startFakeIam({
    accounts: { [ACCOUNT]: seedAccount() },
    resolveKey: sts.resolveKey,
    clock: () => NOW,
  });
  const accounts = [
    { id: ACCOUNT, name: 'Production', roleArn: READER_ROLE, responderRoleArn: RESPONDER_ROLE },
    { id: READ_ONLY_ACCOUNT, name: 'Sandbox' },
  ];
  const config = RemediationConfigSchema.parse({ dryRun: options.dryRun ?? false, requestTtlMinutes: 30 });
  const tag = uniquePrefix();
  const audit = createRedisAuditLog({ redis: options.connection, prefix: `${tag}:remediation:` });
  const approvals = createRedisApprovalStore({
    redis: options.connection,
    prefix: `${tag}:remediation:`,
    audit,
  });
  const queue = createRemediateQueue({
    connection: options.producer,
    prefix: `${tag}:bull`,
    name: `remediate-${randomUUID()}`,
    jobOptions: { attempts: 4, backoff: { type: 'fixed', delay: 50 }, removeOnFail: false },
  });
  const logger = pino({ level: 'silent' });
  let offset = 0;
  const readerIam = iamClientFor(iam.endpoint);
  const service = createRemediationService({
    approvals,
    audit,
    actions: createRemediationActions(),
    keys: createIamAccessKeyDirectory({ iamFor: () => readerIam, accountIds: [ACCOUNT] }),
    config,
    accounts,
    queue,
    now: () => Date.now() + offset,
    logger,
  });
  const responders = createResponderClients({
    config: { accounts },
    baseCredentials: testCredentials,
    endpoints: { iam: iam.endpoint, sts: sts.endpoint, ec2: iam.endpoint },
    sdk: SDK_SETTINGS,
  });
  const changes: RemediationRequest[] = [];
  const processor = createRemediateProcessor({
    approvals,
    actions: createRemediationActions(),
    clientsFor: (accountId) => responders.for(accountId),
    config,
    onChange: async (request) => {
      changes.push(request);
    },
    logger,
  });
  const worker = new Worker(queue.name, processor, { connection: options.connection, prefix: `${tag}:bull` });
  return {
    iam,
    sts,
    approvals,
    audit,
    service,
    queue,
    worker,
    responders,
    changes,
    advance: (ms) => {
      offset += ms;
    },
    finished: (jobId) => finished(worker, jobId),
    async close() {
      await closeWithin(worker);
      await queue.close();
      responders.destroy();
      readerIam.destroy();
      await Promise.all([iam.close(), sts.close()]);
    },
  };
}

function finished(worker: Worker, jobId: string): Promise<Job> {
  return new Promise((resolve) => {
    const done = (job: Job | undefined) => {
      if (job?.id !== jobId) return;
      const final = job.finishedOn !== undefined || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (!job.failedReason || final) {
        worker.off('completed', done);
        worker.off('failed', done);
        resolve(job);
      }
    };
    worker.on('completed', done);
    worker.on('failed', done);
  });
}
