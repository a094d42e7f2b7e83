import { useT } from '~/i18n/use-t';

/** Each status's words, as catalogue ids (written out whole, so the catalogue check finds them). */
const LABELS = { pending: 'status.pending', active: 'status.active', inactive: 'status.inactive' } as const;

export function StatusBadge({ status }: { status: keyof typeof LABELS }) {
  const t = useT();
  return <span className={`badge badge--${status}`}>{t(LABELS[status])}</span>;
}

export function RoleBadge({ role }: { role: 'employee' | 'admin' }) {
  const t = useT();
  return role === 'admin' ? <span className="badge badge--admin">{t('status.hrAdmin')}</span> : null;
}
