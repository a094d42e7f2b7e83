/**
 * Small additions to cloudform-types' intrinsic functions.
 * cloudform's `Fn.Sub` always emits the two-argument form; the one-argument form reads better in YAML
 * (`!Sub 'arn:...'`), so `sub()` emits that one when there are no variables.
 */
import { Fn, IntrinsicFunction, type Value } from 'cloudform-types';

export { Fn };

/** `!Sub 'text with ${Param} and ${Resource.Attr}'`. */
export function sub(text: string): IntrinsicFunction {
  return new IntrinsicFunction('Fn::Sub', text);
}

/** `!Sub ['text', { Var: value }]`. */
export function subWith(text: string, variables: Record<string, Value<unknown>>): IntrinsicFunction {
  return new IntrinsicFunction('Fn::Sub', [text, variables]);
}

export const ref = (logicalId: string): IntrinsicFunction => Fn.Ref(logicalId);
export const getAtt = (logicalId: string, attribute: string): IntrinsicFunction => Fn.GetAtt(logicalId, attribute);

/** `{ Condition: name }`, the operand form used inside `Fn::And`/`Fn::Or`. */
export const condition = (name: string) => ({ Condition: name });

/** `Fn::If [condition, whenTrue, AWS::NoValue]`: a property that exists only under a condition. */
export const onlyIf = (conditionName: string, value: unknown): IntrinsicFunction =>
  Fn.If(conditionName, value, Fn.Ref('AWS::NoValue'));

/** A name exported as `${AWS::StackName}-<name>` (widdix convention). */
export const exportName = (name: string) => ({ Name: sub(`\${AWS::StackName}-${name}`) });
