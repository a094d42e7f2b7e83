/** Why an employee cannot sign in any more (deactivated) or yet (not approved), and whom to ask. */
import { HrContacts, type HrContactData } from './hr-contacts';

export interface InactiveAccountData {
  kind: 'deactivated' | 'not-approved';
  reason: string | null;
  hrContacts: HrContactData[];
}

export function InactiveAccount({ notice }: { notice: InactiveAccountData }) {
  return (
    <div className="alert alert--error" role="alert" data-testid="inactive-account">
      {notice.kind === 'deactivated' ? (
        <p>Your account has been deactivated, so you can no longer sign in to XYZ People.</p>
      ) : (
        <>
          <p>HR did not approve your profile, so you cannot sign in to XYZ People.</p>
          {notice.reason ? <p>HR&apos;s reason: {notice.reason}</p> : null}
        </>
      )}
      <p>
        <HrContacts
          contacts={notice.hrContacts}
          lead={
            notice.kind === 'deactivated'
              ? 'If you think this is a mistake, ask HR'
              : 'To correct your profile and try again, ask HR'
          }
        />
      </p>
    </div>
  );
}
