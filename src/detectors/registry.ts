/**
 * Every detector trailwatch runs, in category order (then by id), from the one list in all.ts: adding a
 * detector touches its file, its test and one line there, never this file.
 */
import * as all from './all.js';
import { CATEGORIES } from './categories.js';
import type { Detector } from './detector.js';

const rank = (detector: Detector) => CATEGORIES.indexOf(detector.meta.category);

export const DETECTORS: readonly Detector[] = Object.values(all as Record<string, Detector>).sort(
  (a, b) => rank(a) - rank(b) || a.meta.id.localeCompare(b.meta.id),
);
