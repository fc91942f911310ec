/** Who owns an access key, as a remediation needs it: an IAM user, or a refusal the clicker can read. */
import type { AccessKeyDirectory } from './access-key-directory.js';
import type { RequestRefusal } from './request-refusal.js';

export type KeyOwner =
  | { ok: true; accountId: string; userName: string }
  /** `cause`: the AWS error when the lookup itself failed, for the caller's log. */
  | { ok: false; refusal: RequestRefusal; cause?: unknown };

/** Asks the directory (in `accountId`, or every configured account); root keys and unknown keys are refused. */
export async function keyOwner(
  keys: AccessKeyDirectory,
  accessKeyId: string,
  accountId?: string,
): Promise<KeyOwner> {
  let info: Awaited<ReturnType<AccessKeyDirectory['describe']>>;
  try {
    info = await keys.describe(accessKeyId, accountId);
  } catch (cause) {
    const message = `AWS could not say who owns ${accessKeyId} just now; try again in a minute.`;
    return { ok: false, refusal: { code: 'key_lookup_failed', message }, cause };
  }
  if (!info) {
    const message = `No account in trailwatch.yml knows access key ${accessKeyId}; check the id.`;
    return { ok: false, refusal: { code: 'unknown_access_key', message } };
  }
  if (!info.userName) {
    const message =
      `${accessKeyId} belongs to the root user of account ${info.accountId}: trailwatch does not act on ` +
      'root; delete the key by hand.';
    return { ok: false, refusal: { code: 'protected_principal', message } };
  }
  return { ok: true, accountId: info.accountId, userName: info.userName };
}
