/** Reads the generated template as plain JSON (long-form intrinsics) for assertions. */
import { toPlainJson } from '../../cloudformation/lib/yaml.js';
import { mainTemplate } from '../../cloudformation/templates/main.js';
import { artifactsTemplate } from '../../cloudformation/templates/artifacts.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const main: Json = toPlainJson(mainTemplate());
export const artifacts: Json = toPlainJson(artifactsTemplate());

export function resource(template: Json, id: string): Json {
  const found = template.Resources[id];
  if (!found) throw new Error(`no resource ${id}`);
  return found;
}

export function resourcesOfType(template: Json, type: string): Array<[string, Json]> {
  return Object.entries(template.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);
}

/** All statements of a role's inline policies. */
export function roleStatements(role: Json): Json[] {
  return (role.Properties.Policies ?? []).flatMap((policy: Json) => policy.PolicyDocument.Statement);
}

export const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
