/**
 * Creating an account and a profile in one go (the /join page and its JSON twin /api/join, which the page
 * uses when JavaScript can show upload progress). The password hash is written in the same transaction as
 * the employee row, so there is never an employee without credentials or the other way round.
 */
import { hashPassword } from '~/auth/password.server';
import { passwordSchema, personalPasswordProblem } from '~/auth/password-policy';
import { assertSameOrigin } from '~/auth/csrf.server';
import { setPasswordHash } from '~/auth/credentials.server';
import { DuplicateEmployeeError, getEmployeeByEmail } from '~/models/employee.server';
import type { Platform } from '~/platform.server';
import { createEmployee } from '~/services/employees.server';
import { parsePhotoForm, PhotoRejectedError } from '~/services/photo-upload.server';
import { isStoreUnavailable, STORE_UNAVAILABLE_MESSAGE } from '~/utils/store-unavailable.server';
import { formValues, parseProfileForm, type FieldErrors, type FormValues } from '~/services/profile-form.server';

export type JoinResult =
  | { ok: true; employeeId: string }
  | { ok: false; errors: FieldErrors; values: FormValues; formError: string | null; retryLater?: true };

function emailTaken(values: FormValues): JoinResult {
  return {
    ok: false,
    errors: { workEmail: 'An account with this work email already exists. Sign in, or reset your password.' },
    values,
    formError: 'Please correct the fields marked below.',
  };
}

export async function handleJoin(
  platform: Platform,
  request: Request,
  options: { browserKeepsFile: boolean },
): Promise<JoinResult> {
  assertSameOrigin(request, platform.env.PUBLIC_URL);
  const { formData, photo } = await parsePhotoForm(request, { maxBytes: platform.env.PHOTO_MAX_BYTES });
  const values = formValues(formData);
  const staged = photo instanceof PhotoRejectedError ? null : photo;
  try {
    const { fields, errors: fieldErrors } = await parseProfileForm(platform, values, {});
    const errors: FieldErrors = { ...(fieldErrors ?? {}) };
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
    if (!fields || Object.keys(errors).length > 0) {
      if (staged && !errors.photo && !options.browserKeepsFile)
        errors.photo = 'Your photo was fine; please choose it again after fixing the other fields.';
      return { ok: false, errors, values, formError: 'Please correct the fields marked below.' };
    }
    // Before the hash (a fifth of a second of a core) and the photo's upload: an email already taken, or a database
    // that does not answer, ends the join here. During a database outage every join did all that work, and undid
    // it, before failing; queued behind one another's hashes, they took over 5 s to say "try again".
    if (await getEmployeeByEmail(platform.db, fields.workEmail)) return emailTaken(values);
    const hash = await hashPassword(passwordCheck.data!);
    try {
      const employee = await createEmployee(platform, {
        fields,
        status: 'pending',
        role: 'employee',
        photo: staged,
        inTransaction: (transaction, created) => setPasswordHash(platform.db, created.id, hash, { transaction }),
      });
      platform.log.info('employee joined', { employeeId: employee.id, withPhoto: Boolean(staged) });
      return { ok: true, employeeId: employee.id };
    } catch (error) {
      // Two joins with one email at the same moment: the unique index decides.
      if (error instanceof DuplicateEmployeeError && error.field === 'workEmail') return emailTaken(values);
      throw error;
    }
  } catch (error) {
    // A store is down: nothing was kept (createEmployee undoes what it wrote); the person may try again soon.
    if (!isStoreUnavailable(error)) throw error;
    platform.log.warn('join failed: a store is unavailable', { error });
    return { ok: false, errors: {}, values, formError: STORE_UNAVAILABLE_MESSAGE, retryLater: true };
  } finally {
    await staged?.discard();
  }
}
