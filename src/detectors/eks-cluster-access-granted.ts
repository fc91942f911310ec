/** A principal let into a Kubernetes cluster through EKS access entries: AWS credentials become cluster admin. */
import type { TrailEvent } from '../cloudtrail/event.js';
import { items, param, paramString } from '../cloudtrail/fields.js';
import type { Severity } from '../findings/severity.js';
import { defineDetector } from './detector.js';

const ACCESS_EVENTS = ['CreateAccessEntry', 'AssociateAccessPolicy'];
/** Access policies that hand out the whole cluster (or a namespace's everything). */
const ADMIN_POLICY = /\/(AmazonEKSClusterAdminPolicy|AmazonEKSAdminPolicy)$/;
/** The Kubernetes group that bypasses RBAC. */
const MASTERS = 'system:masters';

function principalAccount(principalArn: string | undefined): string | undefined {
  const account = principalArn?.split(':')[4];
  return account ? account : undefined;
}

/** What the call grants, and how bad that is. */
function grant(event: TrailEvent): { severity: Severity; what: string } {
  const principal = paramString(event, 'principalArn');
  const account = principalAccount(principal);
  const foreign = account !== undefined && account !== event.recipientAccountId;
  const other = foreign ? `, a principal of account ${account}` : '';
  if (event.eventName === 'AssociateAccessPolicy') {
    const policy = paramString(event, 'policyArn') ?? 'an access policy';
    const name = policy.replace(/^.*\//, '');
    const scope = paramString(event, 'accessScope.type') ?? 'cluster';
    const admin = ADMIN_POLICY.test(policy) && scope === 'cluster';
    return {
      severity: admin || foreign ? 'high' : 'low',
      what: `associated ${name} (${scope} scope) with ${principal ?? 'a principal'}${other}`,
    };
  }
  const groups = items(param(event, 'kubernetesGroups')).filter((group) => typeof group === 'string');
  const masters = groups.includes(MASTERS);
  return {
    severity: masters || foreign ? 'high' : 'low',
    what: `created an access entry for ${principal ?? 'a principal'}${other}${masters ? ` in ${MASTERS}` : ''}`,
  };
}

export const eksClusterAccessGranted = defineDetector({
  meta: {
    id: 'eks-cluster-access-granted',
    title: 'EKS cluster access granted through an access entry',
    description:
      'Detects EKS CreateAccessEntry and AssociateAccessPolicy: an AWS principal is given a Kubernetes identity ' +
      'in the cluster, so a stolen key (or a role it controls) reaches every workload and secret the cluster ' +
      'runs. High for AmazonEKSClusterAdminPolicy or AmazonEKSAdminPolicy at cluster scope, for an entry in the ' +
      'system:masters group, and for a principal of another account; low otherwise (Elastic ' +
      'privilege_escalation_eks_access_entry_granted_cluster_admin_policy and ' +
      'persistence_eks_access_entry_modified). Kubernetes RBAC changes inside the cluster are in the EKS audit ' +
      'log, not CloudTrail, and out of trailwatch’s view.',
    category: 'privilege-change',
    severity: 'low',
    attack: ['T1098.006', 'T1078.004'],
    falsePositives: [
      'Platform pipelines (Terraform, eksctl) creating clusters and their admin entries (ranked lower when a ' +
        'service acts).',
      'An engineer granting a break-glass role cluster admin during an incident.',
    ],
    runbook: [
      'Read requestParameters.name (the cluster), principalArn and policyArn or kubernetesGroups: is the ' +
        'principal one of the cluster’s known administrators or pipelines?',
      'In the EKS audit log, read what principalArn did in the cluster after eventTime (secrets read, pods ' +
        'exec’d or created with host access).',
      'If unexpected: delete the access entry (eks delete-access-entry), contain the caller’s key and rotate ' +
        'the secrets the principal could read.',
    ],
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html',
      'https://attack.mitre.org/techniques/T1098/006/',
    ],
    events: ACCESS_EVENTS,
  },
  match(event) {
    if (event.eventSource !== 'eks.amazonaws.com') return undefined;
    const cluster = paramString(event, 'name') ?? 'a cluster';
    const { severity, what } = grant(event);
    const verb = event.failed ? `tried: ${what}` : what;
    return { severity, summary: `${event.identity.arn} ${verb} in EKS cluster ${cluster}.` };
  },
});
