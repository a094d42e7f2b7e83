/** Why an employee cannot sign in any more (deactivated) or yet (not approved), and whom to ask. */
import { useT } from '~/i18n/use-t';
import { HrContacts, type HrContactData } from './hr-contacts';

export interface InactiveAccountData {
  kind: 'deactivated' | 'not-approved';
  reason: string | null;
  hrContacts: HrContactData[];
}

export function InactiveAccount({ notice }: { notice: InactiveAccountData }) {
  const t = useT();
  return (
    <div className="alert alert--error" role="alert" data-testid="inactive-account">
      {notice.kind === 'deactivated' ? (
        <p>{t('signIn.inactive.deactivated')}</p>
      ) : (
        <>
          <p>{t('signIn.inactive.notApproved')}</p>
          {notice.reason ? <p>{t('signIn.inactive.reason', { reason: notice.reason })}</p> : null}
        </>
      )}
      <p>
        <HrContacts
          contacts={notice.hrContacts}
          lead={notice.kind === 'deactivated' ? t('signIn.inactive.askIfMistake') : t('signIn.inactive.askToCorrect')}
        />
      </p>
    </div>
  );
}
