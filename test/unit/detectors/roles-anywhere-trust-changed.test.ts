import { describe, expect, it } from 'vitest';
import { rolesAnywhereTrustChanged } from '../../../src/detectors/roles-anywhere-trust-changed.js';
import { detect, record } from '../../helpers/records.js';

const rolesAnywhere = (
  eventName: string,
  requestParameters: Record<string, unknown>,
  eventSource = 'rolesanywhere.amazonaws.com',
) => record({ eventSource, eventName, readOnly: false, requestParameters });

describe('roles-anywhere-trust-changed', () => {
  it('when a trust anchor on an external CA bundle is created, raises high naming it', () => {
    const event = rolesAnywhere('CreateTrustAnchor', {
      name: 'build-farm',
      enabled: true,
      source: {
        sourceType: 'CERTIFICATE_BUNDLE',
        sourceData: { x509CertificateData: '-----BEGIN CERTIFICATE-----…' },
      },
    });
    const [finding] = detect(rolesAnywhereTrustChanged, [event]);
    expect(finding?.severity).toBe('high');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('created IAM Roles Anywhere trust anchor build-farm');
    expect(finding?.summary).toContain('external CA bundle');
  });

  it('when a trust anchor on the account’s private CA, or a profile, is created, raises medium', () => {
    const findings = detect(rolesAnywhereTrustChanged, [
      rolesAnywhere('CreateTrustAnchor', {
        name: 'pca',
        source: {
          sourceType: 'AWS_ACM_PCA',
          sourceData: { acmPcaArn: 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/1' },
        },
      }),
      rolesAnywhere('CreateProfile', { name: 'build', roleArns: ['arn:aws:iam::123456789012:role/Build'] }),
    ]);
    expect(findings.map((finding) => finding.severity)).toEqual(['medium']);
    expect(findings[0]?.eventCount).toBe(2);
  });

  it('when trust anchors are listed, or another service has a CreateProfile call, stays quiet', () => {
    expect(
      detect(rolesAnywhereTrustChanged, [
        rolesAnywhere('ListTrustAnchors', {}),
        rolesAnywhere('CreateProfile', { name: 'x' }, 'personalize.amazonaws.com'),
      ]),
    ).toEqual([]);
  });
});
