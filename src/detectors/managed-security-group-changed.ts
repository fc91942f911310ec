/** Security groups of load balancers, RDS and ElastiCache changed through their own services' APIs. */
import { paramString } from '../cloudtrail/fields.js';
import { defineDetector } from './detector.js';
import { type Effect, effectSignal } from './effects.js';

const CHANGES: Record<string, Effect> = {
  // Elastic Load Balancing: which groups guard the load balancer.
  ApplySecurityGroupsToLoadBalancer: ['low', 'replaced', 'replace', 'the security groups of load balancer'],
  SetSecurityGroups: ['low', 'replaced', 'replace', 'the security groups of load balancer'],
  // RDS and ElastiCache classic security groups (EC2-Classic style, CIDR or group grants).
  AuthorizeDBSecurityGroupIngress: ['low', 'opened', 'open', 'RDS DB security group'],
  CreateDBSecurityGroup: ['low', 'created', 'create', 'RDS DB security group'],
  DeleteDBSecurityGroup: ['low', 'deleted', 'delete', 'RDS DB security group'],
  RevokeDBSecurityGroupIngress: ['low', 'changed', 'change', 'RDS DB security group'],
  AuthorizeCacheSecurityGroupIngress: ['low', 'opened', 'open', 'ElastiCache security group'],
  CreateCacheSecurityGroup: ['low', 'created', 'create', 'ElastiCache security group'],
  DeleteCacheSecurityGroup: ['low', 'deleted', 'delete', 'ElastiCache security group'],
  RevokeCacheSecurityGroupIngress: ['low', 'changed', 'change', 'ElastiCache security group'],
  // EFS: which groups may mount the file system.
  ModifyMountTargetSecurityGroups: ['low', 'replaced', 'replace', 'the security groups of EFS mount target'],
};
/** A grant to every address: medium rather than low. */
const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

export const managedSecurityGroupChanged = defineDetector({
  meta: {
    id: 'managed-security-group-changed',
    title: 'Security groups of a load balancer, RDS or ElastiCache changed',
    description:
      'Detects security groups swapped on a load balancer (ApplySecurityGroupsToLoadBalancer, ' +
      'SetSecurityGroups), on an EFS mount target (ModifyMountTargetSecurityGroups; Sigma ' +
      'aws_efs_fileshare_mount_modified_or_deleted) and RDS and ElastiCache security groups created, opened, revoked or deleted (low; ' +
      'medium when opened to 0.0.0.0/0): Sigma aws_cloudtrail_security_group_change_loadbalancer and ' +
      '_rds, aws_elasticache_security_group_created and _modified_or_deleted. Rules added to VPC security ' +
      'groups are judged by security-group-opened and security-group-egress-changed.',
    category: 'network-exposure',
    severity: 'low',
    attack: ['T1562.007'],
    falsePositives: [
      'Deployments that attach a new security group to a load balancer during a blue/green release.',
      'Old stacks still managing RDS or ElastiCache classic security groups through CloudFormation.',
    ],
    runbook: [
      'Read requestParameters (securityGroups, cIDRIP, eC2SecurityGroupName): who can reach the load ' +
        'balancer or database now?',
      'List other network changes by the same userIdentity.accessKeyId within 2 hours and revert the ones ' +
        'nobody owns.',
    ],
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetSecurityGroups.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_AuthorizeDBSecurityGroupIngress.html',
      'https://attack.mitre.org/techniques/T1562/007/',
    ],
    events: Object.keys(CHANGES),
  },
  match(event) {
    const effect = CHANGES[event.eventName];
    if (!effect) return undefined;
    const name =
      paramString(event, 'loadBalancerName') ??
      paramString(event, 'loadBalancerArn') ??
      paramString(event, 'dBSecurityGroupName') ??
      paramString(event, 'cacheSecurityGroupName') ??
      paramString(event, 'mountTargetId');
    const cidr = paramString(event, 'cIDRIP');
    const open = cidr !== undefined && ANYWHERE.has(cidr) && event.eventName.startsWith('Authorize');
    const signal = effectSignal(event, effect, name, cidr ? ` to ${cidr}` : '');
    return open ? { ...signal, severity: 'medium' } : signal;
  },
});
