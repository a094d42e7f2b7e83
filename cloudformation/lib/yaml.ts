/**
 * Writes a CloudFormation template as YAML with short-form intrinsics (`!Ref`, `!GetAtt A.B`, `!Sub`).
 * The output is deterministic: keys keep the order the builders inserted them in, and nothing depends
 * on time or environment. Strings are quoted by YAML 1.1 rules because cfn-lint and CloudFormation read
 * `yes`/`on`/`no` as booleans.
 */
import YAML, { type Node } from 'yaml';

const SHORT_FORMS: Record<string, string> = {
  Ref: '!Ref',
  Condition: '!Condition',
  'Fn::Base64': '!Base64',
  'Fn::Cidr': '!Cidr',
  'Fn::FindInMap': '!FindInMap',
  'Fn::GetAtt': '!GetAtt',
  'Fn::GetAZs': '!GetAZs',
  'Fn::ImportValue': '!ImportValue',
  'Fn::Join': '!Join',
  'Fn::Select': '!Select',
  'Fn::Split': '!Split',
  'Fn::Sub': '!Sub',
  'Fn::And': '!And',
  'Fn::Equals': '!Equals',
  'Fn::If': '!If',
  'Fn::Not': '!Not',
  'Fn::Or': '!Or',
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function intrinsicOf(value: Json): [string, Json] | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1 || !(keys[0] in SHORT_FORMS)) return null;
  // `Condition: X` is only an intrinsic inside Fn::And/Or/Not; elsewhere it is a plain key (resource Condition).
  if (keys[0] === 'Condition') return null;
  return [keys[0], value[keys[0]]];
}

function isScalar(value: Json): boolean {
  return value === null || typeof value !== 'object';
}

function toNode(doc: YAML.Document, value: Json, insideCondition = false): Node {
  const intrinsic = intrinsicOf(value);
  if (intrinsic) {
    const [name, payload] = intrinsic;
    // YAML allows one tag per node: `!Base64 !Sub x` is invalid, so an intrinsic whose whole payload is
    // another intrinsic keeps the long form on the outside.
    if (!Array.isArray(payload) && intrinsicOf(payload)) {
      const map = new YAML.YAMLMap();
      map.set(doc.createNode(name), toNode(doc, payload));
      return map;
    }
    let node: Node;
    if (name === 'Fn::GetAtt' && Array.isArray(payload) && payload.every((p) => typeof p === 'string')) {
      node = doc.createNode(payload.join('.')) as Node;
    } else {
      const isConditionFunction = ['Fn::And', 'Fn::Or', 'Fn::Not'].includes(name);
      node = toNode(doc, payload, isConditionFunction);
      if (YAML.isSeq(node) && Array.isArray(payload) && payload.every(isScalar)) node.flow = true;
    }
    node.tag = SHORT_FORMS[name];
    return node;
  }
  if (insideCondition && value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Condition' && typeof value.Condition === 'string') {
      const node = doc.createNode(value.Condition) as Node;
      node.tag = '!Condition';
      return node;
    }
  }
  if (Array.isArray(value)) {
    const seq = new YAML.YAMLSeq();
    for (const item of value) seq.add(toNode(doc, item, insideCondition));
    return seq;
  }
  if (value !== null && typeof value === 'object') {
    const map = new YAML.YAMLMap();
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      map.set(doc.createNode(key), toNode(doc, item));
    }
    return map;
  }
  return doc.createNode(value) as Node;
}

/** Turns cloudform objects into plain JSON (their toJSON gives the long-form intrinsics). */
export function toPlainJson<T>(template: T): Json {
  return JSON.parse(JSON.stringify(template)) as Json;
}

export function toYaml(template: unknown): string {
  const doc = new YAML.Document(undefined, { version: '1.1' });
  doc.contents = toNode(doc, toPlainJson(template)) as typeof doc.contents;
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}
