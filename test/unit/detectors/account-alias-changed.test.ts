import { describe, expect, it } from 'vitest';
import { accountAliasChanged } from '../../../src/detectors/account-alias-changed.js';
import { detect, record } from '../../helpers/records.js';

const aliasCall = (eventName: string, overrides: Record<string, unknown> = {}) =>
  record({ eventName, readOnly: false, requestParameters: { accountAlias: 'example-prod' }, ...overrides });

describe('account-alias-changed', () => {
  it('when a user sets the account alias, raises a low account-change finding naming the alias', () => {
    const event = aliasCall('CreateAccountAlias');
    const [finding, ...rest] = detect(accountAliasChanged, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('low');
    expect(finding?.category).toBe('account-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('set the alias "example-prod" of account 123456789012');
  });

  it('when the alias is deleted, says so', () => {
    const [finding] = detect(accountAliasChanged, [aliasCall('DeleteAccountAlias')]);
    expect(finding?.summary).toContain('deleted the alias');
  });

  it('when a denied attempt is made, reports it one step lower, at info', () => {
    const [finding] = detect(accountAliasChanged, [
      aliasCall('CreateAccountAlias', { errorCode: 'AccessDenied' }),
    ]);
    expect(finding?.severity).toBe('info');
    expect(finding?.summary).toContain('tried to set');
  });

  it('when aliases are only listed, stays quiet', () => {
    expect(detect(accountAliasChanged, [aliasCall('ListAccountAliases', { readOnly: true })])).toEqual([]);
  });
});
