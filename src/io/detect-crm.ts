// Which CRM wrote an export, from its header alone (for `dealpulse init`). Each preset lists the
// headers only its CRM writes (`signatures`, exact and case-sensitive: HubSpot's `Record ID` is
// Zoho's `Record Id`); a signature weighs three times a match of an ordinary column of the preset.
// The answer says how sure it is and which headers decided, so a wrong guess is easy to spot.
import { presets as registry } from './presets/index.js';
import type { Preset } from './presets/preset.js';

export type DetectionConfidence = 'high' | 'medium' | 'low' | 'none';

export interface CrmCandidate {
  preset: string;
  label: string;
  score: number;
  /** Headers of the file that matched the preset's signatures. */
  signatures: string[];
  /** Canonical fields the preset's header names find in the file. */
  fields: string[];
  /** Required deal fields (id, manager, created_at) the preset cannot find. */
  missingRequired: string[];
}

export interface CrmDetection {
  /** The preset to use: `generic` when no CRM's own headers were found. */
  preset: string;
  label: string;
  confidence: DetectionConfidence;
  /** Headers that decided (the signatures found), for the message. */
  decidedBy: string[];
  /** Every preset with a score > 0, best first. */
  candidates: CrmCandidate[];
}

const SIGNATURE_WEIGHT = 3;
const REQUIRED = ['id', 'manager', 'created_at'] as const;

const loose = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

function score(preset: Preset, header: readonly string[]): CrmCandidate {
  const trimmed = header.map((h) => h.trim());
  const signatures: string[] = [];
  for (const sig of preset.signatures ?? []) {
    const hit = typeof sig === 'string' ? trimmed.find((h) => h === sig) : trimmed.find((h) => sig.test(h));
    if (hit !== undefined && !signatures.includes(hit)) signatures.push(hit);
  }
  const looseHeader = new Set(trimmed.map(loose));
  const fields = Object.entries(preset.deals.columns)
    .filter(([, names]) => names.some((n) => looseHeader.has(loose(n))))
    .map(([field]) => field);
  return {
    preset: preset.name,
    label: preset.label,
    score: SIGNATURE_WEIGHT * signatures.length + fields.length,
    signatures,
    fields,
    missingRequired: REQUIRED.filter((f) => !fields.includes(f)),
  };
}

/** Recognise the CRM of a deals export from its header. */
export function detectCrm(header: readonly string[], presets: Readonly<Record<string, Preset>> = registry): CrmDetection {
  const candidates = Object.values(presets)
    .filter((p) => p.name !== 'generic')
    .map((p) => score(p, header))
    .filter((c) => c.score > 0)
    // Ties go to the preset that can read the file (finds the required fields), then by name.
    .sort((a, b) => b.score - a.score || a.missingRequired.length - b.missingRequired.length || a.preset.localeCompare(b.preset));
  const best = candidates[0];
  const generic = presets['generic']!;
  if (best === undefined || best.signatures.length === 0) {
    return { preset: 'generic', label: generic.label, confidence: 'none', decidedBy: [], candidates };
  }
  const next = candidates[1]?.score ?? 0;
  const readable = best.missingRequired.length === 0;
  const sigs = best.signatures.length;
  const confidence: DetectionConfidence =
    readable && sigs >= 3 && best.score >= 2 * next
      ? 'high'
      : readable && (sigs >= 2 || best.score >= 2 * next) && best.score > next
        ? 'medium'
        : 'low';
  return { preset: best.preset, label: best.label, confidence, decidedBy: best.signatures, candidates };
}
