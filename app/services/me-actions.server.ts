/**
 * The actions of /me, each scoped to the signed-in employee: the id always comes from the session, never
 * from the form, so there is no way to aim them at somebody else.
 */
import { checkPassword, hasPassword, replacePassword } from '~/auth/credentials.server';
import { passwordSchema, personalPasswordProblem } from '~/auth/password-policy';
import type { SessionUser } from '~/auth/user-session.server';
import { catalogue } from '~/i18n/catalogue.server';
import { formatList } from '~/i18n/format';
import { isLanguage } from '~/i18n/languages';
import { translateFieldErrors, translateFormError } from '~/i18n/form-errors';
import { requestLanguage } from '~/i18n/locale.server';
import type { IntlShape } from 'react-intl';
import { checkThrottle, clearAccountFailures, recordLoginFailure } from '~/models/login-throttle.server';
import { deleteEmployeeSessions } from '~/models/session-store.server';
import { DuplicateEmployeeError } from '~/models/employee.server';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import { replacePhoto, updateEmployee, updateProfileExtras } from '~/services/employees.server';
import { ManagerCycleError } from '~/services/manager-graph.server';
import { getProfileExtras } from '~/models/metadata.server';
import { profileExtrasSchema } from '@shared/contracts/metadata-items';
import { parsePhotoForm, PhotoRejectedError } from '~/services/photo-upload.server';
import { sendPasswordResetLink } from '~/services/password-reset-link.server';
import {
  answerFaceCheckNotice,
  faceCheckAnswerFrom,
  withdrawFaceCheckConsent,
} from '~/services/face-check-consent.server';
import { publicBaseUrl } from '~/config/public-url.server';
import { formValues, parseProfileForm, type FieldErrors, type FormValues } from '~/services/profile-form.server';
import { editableCustomFields } from '~/services/field-gate.server';
import { customFormValues, parseCustomValues } from '~/models/custom-fields';
import { getEmployee } from '~/models/employee.server';
import { askForFieldChanges, splitChangesForApproval } from '~/services/field-change-requests.server';

type Intent = 'profile' | 'photo' | 'password' | 'set-password' | 'extras' | 'face-check-withdraw';

export type MeResult =
  | { intent: Intent; ok: true; message: string }
  | {
      intent: Intent;
      ok: false;
      errors: FieldErrors;
      formError: string | null;
      values?: FormValues;
      /** What the form sent for the fields HR defines, by input name (shown again with the errors). */
      customValues?: Record<string, string | string[]>;
    };

/**
 * `only`: the one intent this endpoint takes (the JSON photo twin, /api/me/photo): any other is refused before
 * anything is written. Found by the hostile-input suite: /api/me/photo saved profile extras sent to it, then
 * answered 400.
 */
export async function handleMeAction(
  platform: Platform,
  user: SessionUser,
  request: Request,
  options: { only?: Intent; clientAddress?: string | null } = {},
): Promise<MeResult> {
  const { formData, photo } = await parsePhotoForm(request, { maxBytes: platform.env.PHOTO_MAX_BYTES });
  // Worded in the person's language (their stored choice, else the browser's), as the page they came from.
  const intl = catalogue(requestLanguage(request, user.preferredLanguage)).intl;
  const staged = photo instanceof PhotoRejectedError ? null : photo;
  try {
    const intent = formData.get('intent');
    if (options.only && intent !== options.only) {
      throw new Response(`This address only takes the ${options.only} form.`, { status: 400 });
    }
    if (intent === 'photo') {
      if (photo instanceof PhotoRejectedError) {
        return { intent, ok: false, errors: { photo: translateFormError(intl, photo.message) }, formError: null };
      }
      if (!staged) {
        return {
          intent,
          ok: false,
          errors: { photo: intl.formatMessage({ id: 'meActions.choosePhoto' }) },
          formError: null,
        };
      }
      // The answer to the notice shown with the photo, recorded before the upload so that it decides whether the
      // photo is checked (decision 206); no answer keeps the one on record.
      const answer = faceCheckAnswerFrom(formData);
      if (answer) await answerFaceCheckNotice(platform, { employeeId: user.id, answer, place: 'photo-replacement' });
      await replacePhoto(platform, user.id, user.id, staged);
      return {
        intent,
        ok: true,
        message: intl.formatMessage({ id: 'me.photo.processing' }),
      };
    }
    if (intent === 'face-check-withdraw') return await withdrawFaceCheck(platform, user, intl);
    if (intent === 'password') {
      return await changePassword(platform, user, formData, options.clientAddress ?? null, intl);
    }
    if (intent === 'set-password') return await emailSetPasswordLink(platform, user, intl);
    if (intent === 'extras') return await saveExtras(platform, user, formData, intl);
    if (intent === 'profile') {
      const values = formValues(formData);
      const parsed = await parseProfileForm(platform, values, { employeeId: user.id, fixedWorkEmail: user.workEmail });
      // Only the fields HR lets the person change: anything else the post names is ignored, its value kept.
      const editable = editableCustomFields(platform.customFields, { person: true, hr: false });
      const customValues = customFormValues(formData, editable);
      const custom = parseCustomValues(customValues, editable);
      if (!parsed.fields || !custom.values)
        return {
          intent,
          ok: false,
          errors: translateFieldErrors(intl, { ...parsed.errors, ...custom.errors }),
          values,
          customValues,
          formError: intl.formatMessage({ id: 'formErrors.correctFields' }),
        };
      // A change to a field whose changes wait for HR is kept for HR, not written (decision 323).
      const stored = await getEmployee(platform.db, user.id, 'private');
      const split = splitChangesForApproval(editable, stored?.customFields ?? null, custom.values);
      try {
        await updateEmployee(platform, user.id, user.id, parsed.fields, split.direct);
      } catch (error) {
        if (error instanceof DuplicateEmployeeError) {
          return {
            intent,
            ok: false,
            errors: { workEmail: translateFormError(intl, error.message) },
            values,
            formError: null,
          };
        }
        if (error instanceof ManagerCycleError) {
          return {
            intent,
            ok: false,
            errors: { managerEmail: translateFormError(intl, error.message) },
            values,
            formError: null,
          };
        }
        throw error;
      }
      await askForFieldChanges(platform, user.id, split.waiting);
      // The labels are HR's words, never translated; only the list's "and" is the language's.
      const waitingLabels = split.waiting.map((change) => change.field.label);
      return {
        intent,
        ok: true,
        message:
          waitingLabels.length > 0
            ? intl.formatMessage(
                { id: 'meActions.profileSavedWaiting' },
                {
                  fields: formatList(
                    waitingLabels.map((label) => `“${label}”`),
                    intl.locale,
                  ),
                },
              )
            : intl.formatMessage({ id: 'meActions.profileSaved' }),
      };
    }
    throw new Response('Unknown action', { status: 400 });
  } finally {
    await staged?.discard();
  }
}

/**
 * A wrong current password is a guess at it, as at sign-in: it counts in the sign-in throttle under the same
 * account and address, and while that throttle holds, the current password is not checked at all (a stolen
 * session gets no more guesses than the sign-in form gives).
 */
async function changePassword(
  platform: Platform,
  user: SessionUser,
  formData: FormData,
  clientAddress: string | null,
  intl: IntlShape,
): Promise<MeResult> {
  const current = String(formData.get('currentPassword') ?? '');
  const next = String(formData.get('newPassword') ?? '');
  const subject = { email: user.workEmail, address: clientAddress };
  const throttle = await checkThrottle(platform.db, subject);
  if (throttle.blocked) {
    platform.log.warn('password change throttled', {
      employeeId: user.id,
      retryAfterSeconds: throttle.retryAfterSeconds,
    });
    const minutes = Math.max(1, Math.ceil(throttle.retryAfterSeconds / 60));
    return {
      intent: 'password',
      ok: false,
      errors: {},
      formError: intl.formatMessage({ id: 'signIn.paused' }, { minutes }),
    };
  }
  const errors: FieldErrors = {};
  const policy = passwordSchema.safeParse(next);
  if (!policy.success) errors.newPassword = translateFormError(intl, policy.error.issues[0]?.message);
  else {
    const personal = personalPasswordProblem(next, {
      email: user.workEmail,
      names: [user.firstName, user.lastName, user.preferredName],
    });
    if (personal) errors.newPassword = translateFormError(intl, personal);
  }
  if (!(await checkPassword(platform.db, user.id, current))) {
    errors.currentPassword = intl.formatMessage({ id: 'meActions.wrongCurrentPassword' });
    await recordLoginFailure(platform.db, subject);
  }
  if (Object.keys(errors).length > 0) return { intent: 'password', ok: false, errors, formError: null };
  await replacePassword(platform.db, user.id, next);
  await clearAccountFailures(platform.db, user.workEmail, clientAddress);
  // Every other browser signed in as this employee is signed out; this one stays.
  await deleteEmployeeSessions(platform.db, user.id, user.sessionId);
  platform.log.info('password changed', { employeeId: user.id });
  return { intent: 'password', ok: true, message: intl.formatMessage({ id: 'meActions.passwordChanged' }) };
}

/** As many set-password links per account as /forgot-password sends (three in fifteen minutes). */
const SET_PASSWORD_LINK_POLICY = { accountLimit: 3, addressLimit: 3, windowMs: 15 * 60 * 1000 };

/**
 * An employee who signs in only through the identity provider has no password to change. They may choose one
 * through the reset flow (docs/decisions/319-set-a-password-by-email.md): the link goes to the work email, so a
 * session alone (a borrowed laptop) cannot add a way in.
 */
async function emailSetPasswordLink(platform: Platform, user: SessionUser, intl: IntlShape): Promise<MeResult> {
  const refused = (id: string): MeResult => ({
    intent: 'set-password',
    ok: false,
    errors: {},
    formError: intl.formatMessage({ id }),
  });
  if (!platform.env.PASSWORD_SIGN_IN) return refused('meActions.passwordsOff');
  if (await hasPassword(platform.db, user.id)) return refused('meActions.hasPassword');
  // Counted under the same keys as /forgot-password's requests for this account.
  const subject = { email: `reset:${user.workEmail}`, address: `reset:${user.id}` };
  if ((await checkThrottle(platform.db, subject, SET_PASSWORD_LINK_POLICY)).blocked) {
    return refused('meActions.linksThrottled');
  }
  await recordLoginFailure(platform.db, subject, SET_PASSWORD_LINK_POLICY);
  // In the page's language when the person never chose one (the email service prefers a stored choice).
  await sendPasswordResetLink(
    platform,
    user.id,
    publicBaseUrl(platform.env),
    isLanguage(intl.locale) ? intl.locale : undefined,
  );
  platform.log.info('set-password link requested', { employeeId: user.id });
  return {
    intent: 'set-password',
    ok: true,
    message: intl.formatMessage({ id: 'meActions.setPasswordSent' }, { email: user.workEmail }),
  };
}

/**
 * The profile extras kept in DynamoDB. Links come as lines of "Label | https://...". Each is checked by the
 * contract's schema, and errors name the field. Skills moved to the profile form (the employees table,
 * docs/decisions/008): the extras' older skills are kept as stored, never overwritten from this form.
 */
/** What each extras field's person reads when it is refused (the contract's schema has no words for people). */
const EXTRAS_MESSAGES: Record<string, { id: string; values?: Record<string, number> }> = {
  links: { id: 'meActions.extras.links', values: { max: 10 } },
  skills: { id: 'meActions.extras.skills', values: { max: 30, length: 40 } },
  pronouns: { id: 'meActions.extras.tooLong', values: { max: 40 } },
  timeZone: { id: 'meActions.extras.tooLong', values: { max: 64 } },
};

async function saveExtras(
  platform: Platform,
  user: SessionUser,
  formData: FormData,
  intl: IntlShape,
): Promise<MeResult> {
  const text = (name: string) => String(formData.get(name) ?? '').slice(0, 4000);
  const { skills } = await getProfileExtras(metadataTable(platform), user.id);
  const linkLines = text('links')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const errors: FieldErrors = {};
  const links = linkLines.map((line) => {
    const [label, ...rest] = line.split('|');
    return { label: (label ?? '').trim(), url: rest.join('|').trim() };
  });
  const parsed = profileExtrasSchema.safeParse({
    pronouns: text('pronouns').trim() || undefined,
    timeZone: text('timeZone').trim() || undefined,
    skills,
    links,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      const message = EXTRAS_MESSAGES[field];
      errors[field] ??= message ? intl.formatMessage({ id: message.id }, message.values) : issue.message;
    }
    return {
      intent: 'extras',
      ok: false,
      errors,
      formError: null,
      values: {
        ...Object.fromEntries(['pronouns', 'timeZone', 'links'].map((name) => [name, text(name)])),
      } as FormValues,
    };
  }
  await updateProfileExtras(platform, user.id, user.id, parsed.data);
  return { intent: 'extras', ok: true, message: intl.formatMessage({ id: 'meActions.extrasSaved' }) };
}

/**
 * Withdraws consent to the face check: every face reference kept for the person is deleted before the answer
 * (decision 206). A store that fails leaves the withdrawal recorded and says to try again, which finishes it.
 */
async function withdrawFaceCheck(platform: Platform, user: SessionUser, intl: IntlShape): Promise<MeResult> {
  try {
    const { deleted } = await withdrawFaceCheckConsent(platform, user.id);
    return {
      intent: 'face-check-withdraw',
      ok: true,
      message: intl.formatMessage({
        id: deleted > 0 ? 'meActions.consentWithdrawnDeleted' : 'meActions.consentWithdrawn',
      }),
    };
  } catch (error) {
    platform.log.error('face references could not all be deleted', { employeeId: user.id, error });
    return {
      intent: 'face-check-withdraw',
      ok: false,
      errors: {},
      formError: intl.formatMessage({ id: 'meActions.consentWithdrawFailed' }),
    };
  }
}
