import { describe, expect, it } from 'vitest';
import { managedSecurityGroupChanged } from '../../../src/detectors/managed-security-group-changed.js';
import { detect, record } from '../../helpers/records.js';

const call = (eventSource: string, eventName: string, requestParameters: Record<string, unknown>) =>
  record({ eventSource, eventName, readOnly: false, requestParameters });

describe('managed-security-group-changed', () => {
  it('when a load balancer gets new security groups, raises low naming it', () => {
    const event = call('elasticloadbalancing.amazonaws.com', 'SetSecurityGroups', {
      loadBalancerArn:
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188',
      securityGroups: ['sg-0a1b2c3d4e5f67890'],
    });
    const [finding] = detect(managedSecurityGroupChanged, [event]);
    expect(finding?.severity).toBe('low');
    expect(finding?.category).toBe('network-exposure');
    expect(finding?.summary).toContain('replaced the security groups of load balancer');
  });

  it('when an RDS DB security group is opened to everyone, raises medium', () => {
    const [finding] = detect(managedSecurityGroupChanged, [
      call('rds.amazonaws.com', 'AuthorizeDBSecurityGroupIngress', {
        dBSecurityGroupName: 'legacy-db',
        cIDRIP: '0.0.0.0/0',
      }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('opened RDS DB security group legacy-db in us-east-1 to 0.0.0.0/0');
  });

  it('when an ElastiCache security group is deleted, raises low', () => {
    const [finding] = detect(managedSecurityGroupChanged, [
      call('elasticache.amazonaws.com', 'DeleteCacheSecurityGroup', { cacheSecurityGroupName: 'sessions' }),
    ]);
    expect(finding?.severity).toBe('low');
  });

  it('when an EFS mount target gets new security groups, raises low naming it', () => {
    const [finding] = detect(managedSecurityGroupChanged, [
      call('elasticfilesystem.amazonaws.com', 'ModifyMountTargetSecurityGroups', {
        mountTargetId: 'fsmt-0123456789abcdef0',
        securityGroups: ['sg-0a1b2c3d4e5f67890'],
      }),
    ]);
    expect(finding?.summary).toContain('fsmt-0123456789abcdef0');
  });

  it('when load balancers are described, stays quiet', () => {
    expect(
      detect(managedSecurityGroupChanged, [
        call('elasticloadbalancing.amazonaws.com', 'DescribeLoadBalancers', {}),
      ]),
    ).toEqual([]);
  });
});
