import { describe, expect, it } from 'vitest';
import { identityProviderChanged } from '../../../src/detectors/identity-provider-changed.js';
import { detect, minutesAfter, record } from '../../helpers/records.js';

const BASE = '2026-03-02T10:00:00Z';
const iam = (eventName: string, requestParameters: Record<string, unknown>, minute = 0) =>
  record({ eventName, readOnly: false, requestParameters, eventTime: minutesAfter(BASE, minute) });

describe('identity-provider-changed', () => {
  it('when a SAML provider is created, raises high naming it', () => {
    const event = iam('CreateSAMLProvider', {
      name: 'okta-backup',
      sAMLMetadataDocument: '<EntityDescriptor …>',
    });
    const [finding] = detect(identityProviderChanged, [event]);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.summary).toContain('created SAML identity provider okta-backup');
  });

  it('when a SAML provider is updated or deleted, raises medium', () => {
    const arn = 'arn:aws:iam::123456789012:saml-provider/okta';
    const [update] = detect(identityProviderChanged, [iam('UpdateSAMLProvider', { sAMLProviderArn: arn })]);
    const [remove] = detect(identityProviderChanged, [iam('DeleteSAMLProvider', { sAMLProviderArn: arn })]);
    expect(update?.severity).toBe('medium');
    expect(remove?.severity).toBe('medium');
    expect(remove?.summary).toContain(
      'deleted SAML identity provider arn:aws:iam::123456789012:saml-provider/okta',
    );
  });

  it('when an OIDC provider is created, raises medium naming its URL', () => {
    const [finding] = detect(identityProviderChanged, [
      iam('CreateOpenIDConnectProvider', {
        url: 'https://token.actions.githubusercontent.com',
        clientIDList: ['sts.amazonaws.com'],
      }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('token.actions.githubusercontent.com');
  });

  it('when providers are only listed or read, stays quiet', () => {
    expect(
      detect(identityProviderChanged, [
        iam('ListSAMLProviders', {}),
        iam('GetSAMLProvider', { sAMLProviderArn: 'x' }),
      ]),
    ).toEqual([]);
  });
});
