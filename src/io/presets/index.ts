// The registry of presets by name (the config's `preset:` key).
import { genericPreset } from './generic.js';
import type { Preset } from './preset.js';

export const presets: Record<string, Preset> = {
  generic: genericPreset,
};

/** The preset a config names, or the generic one. A known-but-missing preset is a clear error. */
export function presetFor(name: string | undefined): Preset | undefined {
  return presets[name ?? 'generic'];
}
