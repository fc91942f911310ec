/** The EmailOf port over IAM GetUser: the value of the user's `email` tag (any case of the key). */
import { GetUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { EmailOf } from '../remediation/ask/resolve-actor.js';

export interface IamEmailOfOptions {
  /** The IAM client that may call iam:GetUser in the account (the reader role's clients). */
  iamFor(accountId: string): Pick<IAMClient, 'send'>;
  /** Tag keys read, first match wins, compared without case. Default ['email']. */
  tagKeys?: readonly string[];
}

// A plausible address only: the tag is free text anyone with iam:TagUser can set.
const EMAIL = /^[^\s@<>]{1,64}@[^\s@<>]{1,255}$/;

export function createIamEmailOf(options: IamEmailOfOptions): EmailOf {
  const keys = (options.tagKeys ?? ['email']).map((k) => k.toLowerCase());
  return async (accountId, userName) => {
    let tags: { Key?: string; Value?: string }[];
    try {
      const output = await options.iamFor(accountId).send(new GetUserCommand({ UserName: userName }));
      tags = output.User?.Tags ?? [];
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchEntityException') return undefined;
      throw error;
    }
    for (const key of keys) {
      const value = tags.find((t) => t.Key?.toLowerCase() === key)?.Value?.trim();
      if (value && EMAIL.test(value)) return value;
    }
    return undefined;
  };
}
