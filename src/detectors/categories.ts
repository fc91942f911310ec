/** The finding categories of DESIGN.md; every detector declares exactly one. */
export const CATEGORIES = [
  'api-surge',
  'unusual-source',
  'service-enumeration',
  'root-usage',
  'console-access',
  'account-change',
  'access-key-activity',
  'privilege-change',
  'role-assumption',
  's3-access',
  'data-exfiltration',
  'network-exposure',
  'defense-evasion',
  'resource-abuse',
] as const;

export type Category = (typeof CATEGORIES)[number];
