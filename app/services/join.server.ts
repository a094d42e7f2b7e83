/**
 * Creating an account and a profile in one go (the /join page and its JSON twin /api/join, which the page
 * uses when JavaScript can show upload progress). The password hash is written in the same transaction as
 * the employee row, so there is never an employee without credentials or the other way round.
 *
 * Only with the token of a join link (app/services/join-request.server.ts): the work email is the one the link
 * was mailed to, whatever the form says, and the link is used up in the same transaction as the employee row, so
 * a profile exists only for an address whose owner opened the email
 * (docs/decisions/318-join-proves-the-work-address.md).
 */
import { hashPassword } from '~/auth/password.server';
import { passwordSchema, personalPasswordProblem } from '~/auth/password-policy';
import { assertSameOrigin } from '~/auth/csrf.server';
import { setPasswordHash } from '~/auth/credentials.server';
import { DuplicateEmployeeError, getEmployeeByEmail } from '~/models/employee.server';
import { consumeJoinRequest, findJoinRequest } from '~/models/join-requests.server';
import type { Platform } from '~/platform.server';
import { createEmployee } from '~/services/employees.server';
import { setPreferredLanguage } from '~/models/preferred-language.server';
import type { Language } from '~/i18n/languages';
import { faceCheckAnswerFrom } from '~/services/face-check-consent.server';
import { parsePhotoForm, PhotoRejectedError } from '~/services/photo-upload.server';
import { JOIN_LINK_EXPIRED_MESSAGE } from '~/utils/join-link-messages';
import { isStoreUnavailable, STORE_UNAVAILABLE_MESSAGE } from '~/utils/store-unavailable.server';
import { formValues, parseProfileForm, type FieldErrors, type FormValues } from '~/services/profile-form.server';
import { editableCustomFields } from '~/services/field-gate.server';
import {
  customFormValues,
  offeredForNewProfile,
  parseCustomValues,
  type CustomFieldDefinition,
  type CustomFieldDefinitions,
} from '~/models/custom-fields';

export type JoinResult =
  | { ok: true; employeeId: string }
  | {
      ok: false;
      errors: FieldErrors;
      values: FormValues;
      /** What the form sent for the fields HR defines, by input name (shown again with the errors). */
      customValues: Record<string, string | string[]>;
      formError: string | null;
      retryLater?: true;
      /** The join link was unknown, used or expired: the page offers to send a new one. */
      linkExpired?: true;
    };

/**
 * The fields HR defines that a newcomer fills in when joining (here and through SSO onboarding): those the person
 * may change on /me, required ones required, with only the options still offered
 * (docs/decisions/325-new-profiles-take-hr-defined-fields.md).
 */
export function joinCustomFields(definitions: CustomFieldDefinitions): CustomFieldDefinition[] {
  return offeredForNewProfile(editableCustomFields(definitions, { person: true, hr: false }));
}

/** A join link that ended before (or while) the profile was created: the transaction rolls back. */
class JoinLinkUsedError extends Error {}

type Sent = { values: FormValues; customValues: Record<string, string | string[]> };

function linkExpired(sent: Sent): JoinResult {
  return { ok: false, errors: {}, ...sent, formError: JOIN_LINK_EXPIRED_MESSAGE, linkExpired: true };
}

function emailTaken(sent: Sent): JoinResult {
  return {
    ok: false,
    errors: { workEmail: 'An account with this work email already exists. Sign in, or reset your password.' },
    ...sent,
    formError: 'Please correct the fields marked below.',
  };
}

export async function handleJoin(
  platform: Platform,
  request: Request,
  options: { browserKeepsFile: boolean; language?: Language },
): Promise<JoinResult> {
  assertSameOrigin(request, platform.env.PUBLIC_URL);
  const { formData, photo } = await parsePhotoForm(request, { maxBytes: platform.env.PHOTO_MAX_BYTES });
  const token = formData.get('token');
  const joinToken = typeof token === 'string' ? token.slice(0, 200) : '';
  let values = formValues(formData);
  const customFields = joinCustomFields(platform.customFields);
  const customValues = customFormValues(formData, customFields);
  const staged = photo instanceof PhotoRejectedError ? null : photo;
  // Yes or no to the face check (either joins); no answer is no consent: the photo is then not checked.
  const faceCheck = faceCheckAnswerFrom(formData);
  try {
    // The address the link was mailed to; a work email typed into the form (a crafted post) is ignored.
    const workEmail = await findJoinRequest(platform.db, joinToken);
    if (!workEmail) return linkExpired({ values, customValues });
    values = { ...values, workEmail };
    const { fields, errors: fieldErrors } = await parseProfileForm(platform, values, { fixedWorkEmail: workEmail });
    // Checked by the schema /me uses, with its messages; written with the row below, or not at all.
    const custom = parseCustomValues(customValues, customFields);
    const errors: FieldErrors = { ...(fieldErrors ?? {}), ...(custom.errors ?? {}) };
    const password = formData.get('password');
    const passwordCheck = passwordSchema.safeParse(typeof password === 'string' ? password : '');
    if (!passwordCheck.success) {
      errors.password = passwordCheck.error.issues[0]?.message ?? 'Choose another password';
    } else {
      const personal = personalPasswordProblem(passwordCheck.data, {
        email: values.workEmail,
        names: [values.firstName, values.lastName, values.preferredName],
      });
      if (personal) errors.password = personal;
    }
    if (photo instanceof PhotoRejectedError) errors.photo = photo.message;
    if (!fields || !custom.values || Object.keys(errors).length > 0) {
      if (staged && !errors.photo && !options.browserKeepsFile)
        errors.photo = 'Your photo was fine; please choose it again after fixing the other fields.';
      return { ok: false, errors, values, customValues, formError: 'Please correct the fields marked below.' };
    }
    // Before the hash (a fifth of a second of a core) and the photo's upload: an email already taken, or a database
    // that does not answer, ends the join here. During a database outage every join did all that work, and undid
    // it, before failing; queued behind one another's hashes, they took over 5 s to say "try again".
    if (await getEmployeeByEmail(platform.db, fields.workEmail)) return emailTaken({ values, customValues });
    const hash = await hashPassword(passwordCheck.data!);
    try {
      const employee = await createEmployee(platform, {
        fields,
        customValues: custom.values,
        status: 'pending',
        role: 'employee',
        photo: staged,
        faceCheckAnswer: faceCheck && { answer: faceCheck, place: 'join' },
        inTransaction: async (transaction, created) => {
          // The link is used up with the profile: both commit, or neither (a second tab's submit finds it gone).
          if (!(await consumeJoinRequest(platform.db, joinToken, fields.workEmail, { transaction })))
            throw new JoinLinkUsedError();
          await setPasswordHash(platform.db, created.id, hash, { transaction });
          // The language the person joined in is their account's language (docs/decisions/335-which-language.md):
          // emails HR's decisions cause reach them in it; /me changes it.
          if (options.language) await setPreferredLanguage(platform.db, created.id, options.language, { transaction });
        },
      });
      platform.log.info('employee joined', { employeeId: employee.id, withPhoto: Boolean(staged) });
      return { ok: true, employeeId: employee.id };
    } catch (error) {
      // Two joins with one email at the same moment: the unique index decides.
      if (error instanceof DuplicateEmployeeError && error.field === 'workEmail')
        return emailTaken({ values, customValues });
      if (error instanceof JoinLinkUsedError) return linkExpired({ values, customValues });
      throw error;
    }
  } catch (error) {
    // A store is down: nothing was kept (createEmployee undoes what it wrote); the person may try again soon.
    if (!isStoreUnavailable(error)) throw error;
    platform.log.warn('join failed: a store is unavailable', { error });
    return {
      ok: false,
      errors: {},
      values,
      customValues,
      formError: STORE_UNAVAILABLE_MESSAGE,
      retryLater: true,
    };
  } finally {
    await staged?.discard();
  }
}
