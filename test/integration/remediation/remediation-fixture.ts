/** Shared set-up for the remediation tests: the real IAM and EC2 clients pointed at the fakes, and seed data. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import type { RemediationClients } from '../../../src/aws/containment/aws-call.js';
import { standInClientSettings, type TestCredentials } from '../../../src/stand-ins/aws-test-credentials.js';
import type { IamAccountSeed } from '../../../src/stand-ins/fake-iam.js';

export const ACCOUNT = '123456789012';
export const NOW = Date.parse('2026-03-02T12:00:00Z');
export const STOLEN_KEY = 'AKIAFAKESTOLENKEY001';
export const OTHER_KEY = 'AKIAFAKEOTHERKEY0001';

export function iamClientFor(
  endpoint: string,
  options: { credentials?: TestCredentials; maxAttempts?: number } = {},
): IAMClient {
  return new IAMClient(standInClientSettings(endpoint, 'us-east-1', options));
}

export function ec2ClientFor(
  endpoint: string,
  region = 'us-east-1',
  options: { credentials?: TestCredentials; maxAttempts?: number } = {},
): EC2Client {
  return new EC2Client(standInClientSettings(endpoint, region, options));
}

/** The clients an action gets for one account; EC2 is per region. */
export function remediationClients(iamEndpoint: string, ec2Endpoint = iamEndpoint): RemediationClients {
  const iam = iamClientFor(iamEndpoint);
  const ec2 = new Map<string, EC2Client>();
  return {
    iam,
    ec2(region) {
      let client = ec2.get(region);
      if (!client) {
        client = ec2ClientFor(ec2Endpoint, region);
        ec2.set(region, client);
      }
      return client;
    },
  };
}

/** alice owns the stolen key and has a console password; deploy is a role with sessions to revoke. */
export function seedAccount(): IamAccountSeed {
  return {
    users: [
      {
        name: 'alice',
        tags: { email: 'alice@example.com' },
        loginProfile: '2025-11-01T09:00:00Z',
        keys: [
          {
            id: STOLEN_KEY,
            createDate: '2025-06-01T08:00:00Z',
            lastUsed: { date: '2026-03-02T11:40:00Z', service: 's3', region: 'eu-west-1' },
          },
          { id: OTHER_KEY, status: 'Inactive', createDate: '2024-01-01T00:00:00Z' },
        ],
      },
      { name: 'bob' },
    ],
    roles: [{ name: 'deploy', path: '/ci/' }],
    rootKeys: [{ id: 'AKIAFAKEROOTKEY00001' }],
  };
}
