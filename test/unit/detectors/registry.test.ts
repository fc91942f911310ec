import { describe, expect, it } from 'vitest';
import { ATTACK_VERSION } from '../../../src/detectors/attack.js';
import { CATEGORIES } from '../../../src/detectors/categories.js';
import { DETECTORS } from '../../../src/detectors/registry.js';
import { SEVERITIES } from '../../../src/findings/severity.js';

const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;

describe('the detector registry', () => {
  it('has unique, kebab-case detector ids', () => {
    const ids = DETECTORS.map((detector) => detector.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it(`tags ATT&CK technique ids of ${ATTACK_VERSION}`, () => {
    expect(ATTACK_VERSION).toMatch(/^v\d+$/);
  });

  describe.each(DETECTORS.map((detector) => [detector.meta.id, detector.meta] as const))(
    '%s',
    (_id, meta) => {
      it('has complete metadata', () => {
        expect(meta.title.length).toBeGreaterThan(5);
        expect(meta.description).toMatch(/^Detects /);
        expect(CATEGORIES).toContain(meta.category);
        expect(SEVERITIES).toContain(meta.severity);
        expect(meta.attack.length).toBeGreaterThan(0);
        for (const technique of meta.attack) expect(technique).toMatch(TECHNIQUE);
        expect(meta.falsePositives.length).toBeGreaterThan(0);
        for (const text of meta.falsePositives) expect(text).not.toMatch(/^\s*none\.?\s*$/i);
        expect(meta.runbook.length).toBeGreaterThanOrEqual(2);
        expect(meta.runbook.length).toBeLessThanOrEqual(3);
        expect(meta.references.length).toBeGreaterThan(0);
        for (const reference of meta.references) expect(reference).toMatch(/^https:\/\//);
        expect(meta.events === '*' || meta.events.length > 0).toBe(true);
      });
    },
  );
});
