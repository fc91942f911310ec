/** The last day's incident: one developer's stolen long-term key used from outside, stage by stage. */
import type { Cast } from './cast.js';
import { consoleSession, keyOperations, persistence } from './incident-access.js';
import { createIncidentContext, type IncidentContext } from './incident-context.js';
import { dataTheft, defenseEvasion } from './incident-data.js';
import { accountChange, networkExposure, resourceAbuse } from './incident-impact.js';
import { recon } from './incident-recon.js';
import { createRng, mix32 } from './prng.js';
import { Recorder } from './record.js';

export interface IncidentStage {
  stage: string;
  description: string;
  /** The categories a detector should report for this stage's events. */
  categories: string[];
  eventIds: string[];
}

export interface Incident {
  stages: IncidentStage[];
  /** Every record of every stage, in eventTime order. */
  records: Record<string, unknown>[];
}

/** The incident's events use stream 0; routine sessions count up from 1. */
export const INCIDENT_STREAM = 0;

interface StageSpec {
  stage: string;
  description: string;
  categories: string[];
  build: (ctx: IncidentContext) => void;
}

const STAGES: StageSpec[] = [
  {
    stage: 'recon',
    description:
      'GetCallerIdentity with the stolen key from a Kali host (and once from a second address), then List/Describe/Get across many services and 15 regions, many denied',
    categories: ['unusual-source', 'service-enumeration'],
    build: recon,
  },
  {
    stage: 'key-operations',
    description: 'ListAccessKeys on the other users, then CreateAccessKey for one of them',
    categories: ['access-key-activity'],
    build: keyOperations,
  },
  {
    stage: 'persistence',
    description:
      'CreateUser svc-backup with AdministratorAccess, an access key and a console password; a role made assumable by account 444455556666',
    categories: ['privilege-change', 'access-key-activity', 'role-assumption'],
    build: persistence,
  },
  {
    stage: 'console',
    description:
      'GetFederationToken with the stolen key, then a console sign-in of the federated user without MFA',
    categories: ['console-access'],
    build: consoleSession,
  },
  {
    stage: 'defense-evasion',
    description:
      'PutEventSelectors drops management events from a trail, StopLogging denied by an SCP, GuardDuty detectors deleted',
    categories: ['defense-evasion'],
    build: defenseEvasion,
  },
  {
    stage: 'data',
    description:
      'GetSecretValue on 12 secrets in 10 minutes, SecureStrings decrypted, an EBS snapshot shared with 444455556666, a bucket made public and downloaded object by object',
    categories: ['data-exfiltration', 's3-access'],
    build: dataTheft,
  },
  {
    stage: 'network',
    description: 'AuthorizeSecurityGroupIngress opens SSH (22) to 0.0.0.0/0',
    categories: ['network-exposure'],
    build: networkExposure,
  },
  {
    stage: 'resource-abuse',
    description:
      'GPU RunInstances in ap-southeast-3 (never used), Bedrock model listing and invocation, SES quota and identities',
    categories: ['resource-abuse'],
    build: resourceAbuse,
  },
  {
    stage: 'account',
    description: 'LeaveOrganization attempt, denied',
    categories: ['account-change'],
    build: accountChange,
  },
];

const DAY = 86_400_000;

/** When the incident starts: early afternoon UTC of the last simulated day, minute chosen by the seed. */
export function incidentStart(seed: number, firstDay: number, days: number): number {
  const rng = createRng(mix32(seed ^ 0x1dc1de47));
  return firstDay + (days - 1) * DAY + 13 * 3_600_000 + rng.int(0, 120) * 60_000;
}

export function buildIncident(cast: Cast, seed: number, startMs: number): Incident {
  const rec = new Recorder(createRng(mix32(seed ^ 0x5eed1dc)), seed, INCIDENT_STREAM, startMs);
  const ctx = createIncidentContext(cast, rec);
  const stages: IncidentStage[] = [];
  const records: Record<string, unknown>[] = [];
  for (const spec of STAGES) {
    ctx.out = [];
    spec.build(ctx);
    stages.push({
      stage: spec.stage,
      description: spec.description,
      categories: spec.categories,
      eventIds: ctx.out.map((record) => record.eventID as string),
    });
    records.push(...ctx.out);
    // The operator reads what came back before the next step.
    rec.wait(60, 360);
  }
  return { stages, records };
}
