/** Every detector trailwatch runs. Add a detector: one import, one entry. */
import { cloudtrailLoggingStopped } from './cloudtrail-logging-stopped.js';
import type { Detector } from './detector.js';

export const DETECTORS: readonly Detector[] = [cloudtrailLoggingStopped];
