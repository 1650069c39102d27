import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../config/config-error';
import type { MaskPolicy } from './policy';
import { normalizePolicy } from './policy-schema';

/**
 * Reads a policy from YAML (or JSON, which is YAML) and validates it. Problems are ConfigErrors
 * naming the key, e.g. `invalid grpc-audit option 'policy.rules[1].field': …`.
 */
export function loadPolicyFile(file: string): MaskPolicy {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError('policy', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parsePolicyText(text, file);
}

export function parsePolicyText(text: string, source = 'policy'): MaskPolicy {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const e = err as Error & { linePos?: Array<{ line: number; col: number }> };
    const where = e.linePos?.[0] ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    throw new ConfigError('policy', `${source} is not valid YAML${where}`);
  }
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('policy', `${source} must hold a mapping at the top level`);
  return normalizePolicy(raw as Record<string, unknown>);
}
