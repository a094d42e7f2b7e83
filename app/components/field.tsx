/**
 * A labelled form field whose error sits next to it: the input points at its hint and error with
 * aria-describedby and is marked aria-invalid, so screen readers announce the message with the field.
 */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

interface Common {
  name: string;
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  wide?: boolean;
  id?: string;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

function Wrapper({ id, label, hint, error, wide, children }: Common & { id: string; children: ReactNode }) {
  return (
    <div className={wide ? 'field field--wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {children}
      {error ? (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function Field({
  name,
  label,
  error,
  hint,
  wide,
  id,
  type = 'text',
  ...input
}: Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>) {
  const fieldId = id ?? `field-${name}`;
  return (
    <Wrapper id={fieldId} name={name} label={label} error={error} hint={hint} wide={wide}>
      <input
        id={fieldId}
        name={name}
        // Explicit, so that nothing (a stylesheet, a test, an autofill heuristic) has to guess what a bare input is.
        type={type}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        {...input}
      />
    </Wrapper>
  );
}

export function TextAreaField({
  name,
  label,
  error,
  hint,
  wide,
  id,
  ...textarea
}: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id'>) {
  const fieldId = id ?? `field-${name}`;
  return (
    <Wrapper id={fieldId} name={name} label={label} error={error} hint={hint} wide={wide}>
      <textarea
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        {...textarea}
      />
    </Wrapper>
  );
}

export function SelectField({
  name,
  label,
  error,
  hint,
  wide,
  id,
  children,
  ...select
}: Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'id'>) {
  const fieldId = id ?? `field-${name}`;
  return (
    <Wrapper id={fieldId} name={name} label={label} error={error} hint={hint} wide={wide}>
      <select
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        {...select}
      >
        {children}
      </select>
    </Wrapper>
  );
}

/** A summary at the top of a form: focusable so that it is announced after a failed submission. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div className="alert alert--error" role="alert" tabIndex={-1}>
      {message}
    </div>
  );
}
