/** KMS keys in moto (its KMS answers on the same endpoint as S3 and SQS): made, disabled, scheduled for deletion. */
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  type KeyState,
  KMSClient,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { testCredentials } from '../../src/stand-ins/aws-test-credentials.js';
import { REGION } from './trail-bucket.js';

export interface KmsKeys {
  /** A new symmetric key; its ARN. */
  create(description: string): Promise<string>;
  disable(keyArn: string): Promise<void>;
  /** KMS's shortest wait, 7 days: the key is PendingDeletion meanwhile. */
  scheduleDeletion(keyArn: string): Promise<void>;
  state(keyArn: string): Promise<KeyState | undefined>;
  destroy(): void;
}

// moto's DisableKey and ScheduleKeyDeletion look a key up by its id only (an ARN fails inside moto).
const idOf = (keyArn: string) => keyArn.slice(keyArn.lastIndexOf('/') + 1);

export function kmsKeys(endpoint: string): KmsKeys {
  const kms = new KMSClient({ endpoint, region: REGION, credentials: testCredentials, maxAttempts: 1 });
  return {
    async create(description) {
      const out = await kms.send(new CreateKeyCommand({ Description: description }));
      return out.KeyMetadata?.Arn as string;
    },
    async disable(keyArn) {
      await kms.send(new DisableKeyCommand({ KeyId: idOf(keyArn) }));
    },
    async scheduleDeletion(keyArn) {
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: idOf(keyArn), PendingWindowInDays: 7 }));
    },
    async state(keyArn) {
      return (await kms.send(new DescribeKeyCommand({ KeyId: idOf(keyArn) }))).KeyMetadata?.KeyState;
    },
    destroy() {
      kms.destroy();
    },
  };
}
