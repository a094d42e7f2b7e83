/**
 * A new colleague's first sign-in through the identity provider (decision 310): the same onboarding as /join
 * (a pending profile, the `employee.created` event HR's check subscribes to), with the work email the provider
 * verified (not editable) and no password: the identity is linked to the new employee in the same transaction,
 * so there is never a profile without a way in, nor a link without a profile. A photo chosen on the form takes
 * /join's path (parsed by app/services/photo-upload.server.ts, stored by createEmployee).
 */
import { randomUUID } from 'node:crypto';
import type { OidcOnboarding } from '~/auth/oidc-cookies.server';
import { DuplicateEmployeeError } from '~/models/employee.server';
import { IdentityAlreadyLinkedError } from '~/models/linked-identities.server';
import type { Platform } from '~/platform.server';
import { createEmployee, withActivity } from './employees.server';
import type { FaceCheckAnswer } from './face-check-consent.server';
import { IDENTITY_LINKED_ACTION, insertLinkWithEvent } from './linked-identities.server';
import { PhotoRejectedError, type StagedPhoto } from './photo-upload.server';
import { parseProfileForm, type FieldErrors, type FormValues } from './profile-form.server';
import { joinCustomFields } from './join.server';
import { customFormValues, parseCustomValues } from '~/models/custom-fields';
import { isStoreUnavailable, STORE_UNAVAILABLE_MESSAGE } from '~/utils/store-unavailable.server';

/** The two refusals only this flow gives, exported so the page can put them into the reader's language. */
export const PROFILE_EXISTS_MESSAGE =
  'A profile with this work email already exists. Sign in again through your identity provider.';
export const IDENTITY_HAS_PROFILE_MESSAGE =
  'This account already has a profile. Sign in again through your identity provider.';

export type OnboardingResult =
  | { ok: true; employeeId: string }
  | {
      ok: false;
      errors: FieldErrors;
      values: FormValues;
      /** What the form sent for the fields HR defines, by input name (shown again with the errors). */
      customValues: Record<string, string | string[]>;
      formError: string;
      /** A readable photo came with a form that had other mistakes: it was not kept (a page without script loses it). */
      photoNotKept?: true;
    };

/** `photo`: what parsePhotoForm made of the form's file field; the caller discards a staged file afterwards. */
export async function completeOidcOnboarding(
  platform: Platform,
  onboarding: OidcOnboarding,
  values: FormValues,
  /** The form as sent: the fields HR defines are read from it as on /join. */
  formData: FormData,
  photo: StagedPhoto | PhotoRejectedError | null = null,
  /** Yes or no to the face-check notice (decision 206); none is no consent. */
  faceCheck: FaceCheckAnswer | null = null,
): Promise<OnboardingResult> {
  const shown = { ...values, workEmail: onboarding.email };
  const parsed = await parseProfileForm(platform, shown, { fixedWorkEmail: onboarding.email });
  const customFields = joinCustomFields(platform.customFields);
  const customValues = customFormValues(formData, customFields);
  const custom = parseCustomValues(customValues, customFields);
  const errors: FieldErrors = { ...(parsed.errors ?? {}), ...(custom.errors ?? {}) };
  if (photo instanceof PhotoRejectedError) errors.photo = photo.message;
  const fields = Object.keys(errors).length === 0 ? parsed.fields : null;
  if (!fields || !custom.values) {
    return {
      ok: false,
      errors,
      values: shown,
      customValues,
      formError: 'Please correct the fields marked below.',
      ...(photo && !(photo instanceof PhotoRejectedError) ? { photoNotKept: true as const } : {}),
    };
  }
  const staged = photo instanceof PhotoRejectedError ? null : photo;
  const employeeId = randomUUID();
  const identity = {
    providerId: onboarding.providerId,
    issuer: onboarding.issuer,
    subject: onboarding.subject,
    email: onboarding.email,
  };
  try {
    await withActivity(
      platform,
      { employeeId, actorId: employeeId, action: IDENTITY_LINKED_ACTION, note: onboarding.providerId },
      () =>
        createEmployee(platform, {
          id: employeeId,
          fields,
          customValues: custom.values,
          status: 'pending',
          role: 'employee',
          source: 'join',
          photo: staged,
          faceCheckAnswer: faceCheck && { answer: faceCheck, place: 'sso-onboarding' },
          inTransaction: (transaction) =>
            insertLinkWithEvent(platform, transaction, { employeeId, actorId: employeeId, identity }).then(() => {}),
        }),
    );
  } catch (error) {
    if (error instanceof DuplicateEmployeeError && error.field === 'workEmail') {
      return {
        ok: false,
        errors: {},
        values: shown,
        customValues,
        formError: PROFILE_EXISTS_MESSAGE,
      };
    }
    if (error instanceof IdentityAlreadyLinkedError) {
      return {
        ok: false,
        errors: {},
        values: shown,
        customValues,
        formError: IDENTITY_HAS_PROFILE_MESSAGE,
      };
    }
    if (isStoreUnavailable(error)) {
      platform.log.warn('onboarding failed: a store is unavailable', { error });
      return { ok: false, errors: {}, values: shown, customValues, formError: STORE_UNAVAILABLE_MESSAGE };
    }
    throw error;
  }
  platform.log.info('employee joined through an identity provider', {
    employeeId,
    provider: onboarding.providerId,
    withPhoto: Boolean(staged),
  });
  return { ok: true, employeeId };
}
