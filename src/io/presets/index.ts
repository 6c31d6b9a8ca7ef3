// The registry of presets by name (the config's `preset:` key). Every name of PRESETS in
// config/schema.ts has an entry here.
import { amocrmPreset } from './amocrm.js';
import { bitrix24Preset } from './bitrix24.js';
import { genericPreset } from './generic.js';
import { hubspotPreset } from './hubspot.js';
import { pipedrivePreset } from './pipedrive.js';
import type { Preset } from './preset.js';
import { salesforcePreset } from './salesforce.js';
import { zohoPreset } from './zoho.js';

export const presets: Record<string, Preset> = {
  generic: genericPreset,
  amocrm: amocrmPreset,
  bitrix24: bitrix24Preset,
  hubspot: hubspotPreset,
  pipedrive: pipedrivePreset,
  salesforce: salesforcePreset,
  zoho: zohoPreset,
};

/** The preset a config names, or the generic one. A known-but-missing preset is a clear error. */
export function presetFor(name: string | undefined): Preset | undefined {
  return presets[name ?? 'generic'];
}
