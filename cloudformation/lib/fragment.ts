/**
 * A fragment is the piece of a template one builder contributes. `composeTemplate` merges fragments
 * and refuses a logical ID defined twice, so two builders can never silently overwrite each other.
 */
import type { Condition, ResourceTag, Template } from 'cloudform-types';
import type Output from 'cloudform-types/types/output';
import type Parameter from 'cloudform-types/types/parameter';
import type Resource from 'cloudform-types/types/resource';

export type { Output, Parameter, Resource };

export interface Fragment {
  Parameters?: Record<string, Parameter>;
  Conditions?: Record<string, Condition>;
  Mappings?: Template['Mappings'];
  Resources?: Record<string, Resource>;
  Outputs?: Record<string, Output>;
}

const SECTIONS = ['Parameters', 'Mappings', 'Conditions', 'Resources', 'Outputs'] as const;

export function composeTemplate(
  head: { Description: string; Metadata?: Record<string, unknown> },
  fragments: Fragment[],
): Template {
  const template: Template = { AWSTemplateFormatVersion: '2010-09-09', Description: head.Description };
  if (head.Metadata) template.Metadata = head.Metadata;
  for (const section of SECTIONS) {
    const merged: Record<string, unknown> = {};
    for (const fragment of fragments) {
      for (const [id, value] of Object.entries(fragment[section] ?? {})) {
        if (id in merged) throw new Error(`${section}.${id} is defined by two builders`);
        merged[id] = value;
      }
    }
    if (Object.keys(merged).length > 0) (template as Record<string, unknown>)[section] = merged;
  }
  return template;
}

export interface CheckSkip {
  id: string;
  comment: string;
}

/** Records checkov skips in the resource's metadata, where checkov reads them, each with its reason. */
export function skipCheckov<R extends Resource>(resource: R, skips: CheckSkip[]): R {
  resource.Metadata = { ...(resource.Metadata ?? {}), checkov: { skip: skips } };
  return resource;
}

/**
 * Sets DeletionPolicy and UpdateReplacePolicy together: a stateful resource must survive both a stack
 * deletion and a replacement. cloudform-types predates UpdateReplacePolicy, hence the plain property.
 */
export function keepOnDelete<R extends Resource>(resource: R, policy: 'Retain' | 'Snapshot'): R {
  Object.assign(resource, { DeletionPolicy: policy, UpdateReplacePolicy: policy });
  return resource;
}

export function tags(entries: Record<string, ResourceTag['Value']>): ResourceTag[] {
  return Object.entries(entries).map(([Key, Value]) => ({ Key, Value }));
}
