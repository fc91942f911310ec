/**
 * The fake EC2's security group rules: AuthorizeSecurityGroupIngress, RevokeSecurityGroupIngress (by rule ids
 * or by GroupId + IpPermissions) and DescribeSecurityGroupRules, over an in-memory rule set a test seeds.
 */

export interface SecurityGroupRule {
  ruleId: string;
  groupId: string;
  /** Default: the test account. */
  accountId: string;
  /** Default us-east-1. */
  region: string;
  isEgress: boolean;
  /** tcp, udp, icmp, or -1 for all. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  description?: string;
}

export type SecurityGroupRuleSeed = Omit<SecurityGroupRule, 'accountId' | 'region' | 'isEgress'> &
  Partial<Pick<SecurityGroupRule, 'accountId' | 'region' | 'isEgress'>>;

export class SecurityGroupFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface Ec2Caller {
  accountId: string;
  region: string;
}

const XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

function el(name: string, text: string): string {
  return `<${name}>${text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)}</${name}>`;
}

/** Indexes N present in `Prefix.N.…` or `Prefix.N` keys, in order. */
function indexes(params: Record<string, string>, prefix: string): number[] {
  const found = new Set<number>();
  for (const key of Object.keys(params)) {
    const match = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)(?:\\.|$)`).exec(key);
    if (match) found.add(Number(match[1]));
  }
  return [...found].sort((a, b) => a - b);
}

function values(params: Record<string, string>, prefix: string): string[] {
  return indexes(params, prefix).flatMap((i) => params[`${prefix}.${i}`] ?? []);
}

type Wanted = Omit<SecurityGroupRule, 'ruleId' | 'groupId' | 'accountId' | 'region' | 'isEgress'>;

/** IpPermissions.N.IpProtocol/FromPort/ToPort/IpRanges.M.CidrIp/Ipv6Ranges.M.CidrIpv6: one wanted rule per range. */
function permissions(params: Record<string, string>): Wanted[] {
  return indexes(params, 'IpPermissions').flatMap((i) => {
    const p = `IpPermissions.${i}`;
    const protocol = (params[`${p}.IpProtocol`] ?? '').toLowerCase();
    const port = (name: string) =>
      params[`${p}.${name}`] === undefined ? undefined : Number(params[`${p}.${name}`]);
    const base = { protocol, fromPort: port('FromPort'), toPort: port('ToPort') };
    const v4 = indexes(params, `${p}.IpRanges`).map((j) => ({
      ...base,
      cidrIpv4: params[`${p}.IpRanges.${j}.CidrIp`],
      description: params[`${p}.IpRanges.${j}.Description`],
    }));
    const v6 = indexes(params, `${p}.Ipv6Ranges`).map((j) => ({
      ...base,
      cidrIpv6: params[`${p}.Ipv6Ranges.${j}.CidrIpv6`],
      description: params[`${p}.Ipv6Ranges.${j}.Description`],
    }));
    return [...v4, ...v6];
  });
}

const samePorts = (a: number | undefined, b: number | undefined) => (a ?? -1) === (b ?? -1);
const matches = (rule: SecurityGroupRule, wanted: Wanted) =>
  rule.protocol === wanted.protocol &&
  (rule.protocol === '-1' ||
    (samePorts(rule.fromPort, wanted.fromPort) && samePorts(rule.toPort, wanted.toPort))) &&
  rule.cidrIpv4 === wanted.cidrIpv4 &&
  rule.cidrIpv6 === wanted.cidrIpv6;

function ruleFields(rule: SecurityGroupRule): string {
  return [
    el('securityGroupRuleId', rule.ruleId),
    el('groupId', rule.groupId),
    el('isEgress', String(rule.isEgress)),
    el('ipProtocol', rule.protocol),
    el('fromPort', String(rule.fromPort ?? -1)),
    el('toPort', String(rule.toPort ?? -1)),
    rule.cidrIpv4 ? el('cidrIpv4', rule.cidrIpv4) : '',
    rule.cidrIpv6 ? el('cidrIpv6', rule.cidrIpv6) : '',
    rule.description ? el('description', rule.description) : '',
  ].join('');
}

function response(action: string, requestId: string, inner: string): string {
  return `<${action}Response xmlns="${XMLNS}">${el('requestId', requestId)}${inner}</${action}Response>`;
}

export function createSecurityGroups(seed: SecurityGroupRuleSeed[], defaultAccount: string) {
  const rules: SecurityGroupRule[] = seed.map((rule) => ({
    accountId: defaultAccount,
    region: 'us-east-1',
    isEgress: false,
    ...rule,
  }));
  let minted = 0;
  const visible = (caller: Ec2Caller) =>
    rules.filter((rule) => rule.accountId === caller.accountId && rule.region === caller.region);

  function group(caller: Ec2Caller, params: Record<string, string>): string {
    const groupId = params.GroupId;
    if (!groupId)
      throw new SecurityGroupFault('MissingParameter', 'The request must contain the parameter groupId');
    if (!visible(caller).some((rule) => rule.groupId === groupId)) {
      throw new SecurityGroupFault('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`);
    }
    return groupId;
  }

  function revoke(caller: Ec2Caller, params: Record<string, string>, requestId: string): string {
    const ids = values(params, 'SecurityGroupRuleId');
    const groupId = group(caller, params);
    const own = visible(caller).filter((rule) => rule.groupId === groupId && !rule.isEgress);
    let chosen: SecurityGroupRule[];
    if (ids.length > 0) {
      chosen = ids.map((id) => {
        const rule = own.find((candidate) => candidate.ruleId === id);
        if (!rule) {
          throw new SecurityGroupFault(
            'InvalidSecurityGroupRuleId.NotFound',
            `The security group rule ID '${id}' does not exist`,
          );
        }
        return rule;
      });
    } else {
      // In a non-default VPC, a permission that matches no rule fails the whole call and revokes nothing.
      chosen = permissions(params).map((wanted) => {
        const rule = own.find((candidate) => matches(candidate, wanted));
        if (!rule) {
          throw new SecurityGroupFault(
            'InvalidPermission.NotFound',
            'The specified rule does not exist in this security group.',
          );
        }
        return rule;
      });
    }
    for (const rule of chosen) rules.splice(rules.indexOf(rule), 1);
    const items = chosen.map((rule) => `<item>${ruleFields(rule)}</item>`).join('');
    return response(
      'RevokeSecurityGroupIngress',
      requestId,
      `${el('return', 'true')}<revokedSecurityGroupRuleSet>${items}</revokedSecurityGroupRuleSet>`,
    );
  }

  function authorize(caller: Ec2Caller, params: Record<string, string>, requestId: string): string {
    const groupId = group(caller, params);
    const added = permissions(params).map((wanted) => {
      if (
        visible(caller).some((rule) => rule.groupId === groupId && !rule.isEgress && matches(rule, wanted))
      ) {
        throw new SecurityGroupFault(
          'InvalidPermission.Duplicate',
          `the specified rule "peer: ${wanted.cidrIpv4 ?? wanted.cidrIpv6}, ${wanted.protocol.toUpperCase()}, from port: ${wanted.fromPort}, to port: ${wanted.toPort}, ALLOW" already exists`,
        );
      }
      minted += 1;
      const rule: SecurityGroupRule = {
        ...Object.fromEntries(Object.entries(wanted).filter(([, value]) => value !== undefined)),
        protocol: wanted.protocol,
        ruleId: `sgr-0fake${String(minted).padStart(12, '0')}`,
        groupId,
        accountId: caller.accountId,
        region: caller.region,
        isEgress: false,
      };
      rules.push(rule);
      return rule;
    });
    const items = added.map((rule) => `<item>${ruleFields(rule)}</item>`).join('');
    return response(
      'AuthorizeSecurityGroupIngress',
      requestId,
      `${el('return', 'true')}<securityGroupRuleSet>${items}</securityGroupRuleSet>`,
    );
  }

  function describe(caller: Ec2Caller, params: Record<string, string>, requestId: string): string {
    const ids = values(params, 'SecurityGroupRuleId');
    let listed = visible(caller);
    for (const id of ids) {
      if (!listed.some((rule) => rule.ruleId === id)) {
        throw new SecurityGroupFault(
          'InvalidSecurityGroupRuleId.NotFound',
          `The security group rule ID '${id}' does not exist`,
        );
      }
    }
    if (ids.length > 0) listed = listed.filter((rule) => ids.includes(rule.ruleId));
    for (const i of indexes(params, 'Filter')) {
      const name = params[`Filter.${i}.Name`];
      const wanted = values(params, `Filter.${i}.Value`);
      if (name === 'group-id') listed = listed.filter((rule) => wanted.includes(rule.groupId));
      else if (name === 'security-group-rule-id')
        listed = listed.filter((rule) => wanted.includes(rule.ruleId));
      else throw new SecurityGroupFault('InvalidParameterValue', `The filter '${name}' is invalid`);
    }
    const items = listed
      .map((rule) => `<item>${ruleFields(rule)}${el('groupOwnerId', rule.accountId)}</item>`)
      .join('');
    return response(
      'DescribeSecurityGroupRules',
      requestId,
      `<securityGroupRuleSet>${items}</securityGroupRuleSet>`,
    );
  }

  return {
    rules,
    handlers: {
      RevokeSecurityGroupIngress: revoke,
      AuthorizeSecurityGroupIngress: authorize,
      DescribeSecurityGroupRules: describe,
    } as Record<string, (caller: Ec2Caller, params: Record<string, string>, requestId: string) => string>,
  };
}
