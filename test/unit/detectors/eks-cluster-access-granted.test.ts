import { describe, expect, it } from 'vitest';
import { eksClusterAccessGranted } from '../../../src/detectors/eks-cluster-access-granted.js';
import { ACCOUNT, detect, record } from '../../helpers/records.js';
import { OUTSIDE_ACCOUNT } from '../../helpers/s3-role-records.js';

const CLUSTER = 'shop-prod';
const ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

// After the EKS API reference and CloudTrail's eks.amazonaws.com records: the cluster is the `name` path
// parameter, the principal and the policy are request body fields.
const eks = (eventName: string, requestParameters: Record<string, unknown>) =>
  record({ eventSource: 'eks.amazonaws.com', eventName, readOnly: false, requestParameters });
const associate = (principalArn: string, policyArn = ADMIN_POLICY, type = 'cluster') =>
  eks('AssociateAccessPolicy', { name: CLUSTER, principalArn, policyArn, accessScope: { type } });
const createEntry = (principalArn: string, kubernetesGroups: string[] = []) =>
  eks('CreateAccessEntry', { name: CLUSTER, principalArn, kubernetesGroups, type: 'STANDARD' });

describe('eks-cluster-access-granted', () => {
  it('when cluster admin is associated with a principal at cluster scope, raises high naming cluster and principal', () => {
    const principal = `arn:aws:iam::${ACCOUNT}:user/alice`;
    const event = associate(principal);
    const [finding, ...rest] = detect(eksClusterAccessGranted, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(
      `associated AmazonEKSClusterAdminPolicy (cluster scope) with ${principal} in EKS cluster ${CLUSTER}`,
    );
  });

  it('when an access entry puts a principal of another account in system:masters, raises high and says both', () => {
    const principal = `arn:aws:iam::${OUTSIDE_ACCOUNT}:role/ops`;
    const [finding] = detect(eksClusterAccessGranted, [createEntry(principal, ['system:masters'])]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain(`a principal of account ${OUTSIDE_ACCOUNT} in system:masters`);
  });

  it('when a view policy is associated in one namespace, or a plain entry is created, raises low', () => {
    const principal = `arn:aws:iam::${ACCOUNT}:role/dashboards`;
    const findings = detect(eksClusterAccessGranted, [
      associate(principal, 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', 'namespace'),
      createEntry(principal),
    ]);
    expect(findings.map((finding) => finding.severity)).toEqual(['low']);
    expect(findings[0]?.eventIds).toHaveLength(2);
  });

  it('when a call of the same name comes from another service, stays quiet', () => {
    const other = record({
      eventSource: 'opensearchserverless.amazonaws.com',
      eventName: 'CreateAccessEntry',
      readOnly: false,
      requestParameters: { name: CLUSTER },
    });
    expect(detect(eksClusterAccessGranted, [other])).toEqual([]);
  });
});
