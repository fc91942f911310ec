/** `/trail deactivate-key <access key id> [reason]`: asks for the key's deactivation; a second person approves. */
import { type Command, REMEDIATION_OFF } from './command.js';

const ACCESS_KEY = /^(AKIA|ASIA)[A-Z0-9]{16}$/;

export interface DeactivateKeyRequest {
  accessKeyId: string;
  reason?: string;
}

export const deactivateKeyCommand: Command<DeactivateKeyRequest> = {
  name: 'deactivate-key',
  usage: '<access key id> [reason]',
  example: '/trail deactivate-key AKIAIOSFODNN7EXAMPLE "used from an unknown network"',
  summary: 'ask to deactivate an access key (owner found through GetAccessKeyLastUsed; needs an approver)',

  parse(args) {
    const [key, ...reason] = args;
    if (key === undefined) return { ok: false, problem: 'say which access key to deactivate' };
    if (!ACCESS_KEY.test(key))
      return { ok: false, problem: `\`${key}\` is not an access key id (AKIA… or ASIA…, 20 characters)` };
    if (key.startsWith('ASIA')) {
      return {
        ok: false,
        problem:
          'an ASIA key is temporary and cannot be deactivated: contain its finding to revoke the sessions instead',
      };
    }
    const text = reason.join(' ').trim();
    return { ok: true, request: { accessKeyId: key, ...(text ? { reason: text } : {}) } };
  },

  async run(request, ctx) {
    if (!ctx.remediation) return REMEDIATION_OFF;
    return ctx.remediation.deactivateKey(request.accessKeyId, request.reason);
  },
};
