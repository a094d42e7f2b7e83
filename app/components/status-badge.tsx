const LABELS = { pending: 'Waiting for HR', active: 'Active', inactive: 'Inactive' } as const;

export function StatusBadge({ status }: { status: keyof typeof LABELS }) {
  return <span className={`badge badge--${status}`}>{LABELS[status]}</span>;
}

export function RoleBadge({ role }: { role: 'employee' | 'admin' }) {
  return role === 'admin' ? <span className="badge badge--admin">HR admin</span> : null;
}
