/** Every detector's `attack` ids are MITRE ATT&CK Enterprise technique ids from this version. */
export const ATTACK_VERSION = 'v18';
