/**
 * A history for HR's insights (docs/decisions/327-insights-from-history.md), written in bulk: `people` employees
 * who joined over the last two years, most through verification (refused photos with each reason, an accepted
 * photo, a task for HR's decision, an approval; some still waiting, some rejected), some created active, some
 * moved department, some deactivated, in a tree of managers with spans of 3 to 12 among the active; then profile
 * edits until the outbox holds `events` events. Rows go straight in (multi-row INSERTs, one transaction per
 * table): no subscriber hears of them. Used by scripts/bench-insights.ts (100,000 events) and by the insights
 * pictures (e2e/insights.spec.ts), which removes its people afterwards with `removeInsightsHistory`.
 */
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { Database } from '~/db/database.server';
import { FACE_REJECTION_REASONS } from '@shared/faces/face-quality';
import { HR_REFUSED_REASON } from '@shared/photo-records';
import { nameOrderColumns } from '~/db/name-order-columns.server';

/** A fixed sequence, so every run seeds the same history. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const HOUR = 3_600_000;
const REASONS = [
  FACE_REJECTION_REASONS.noFace,
  FACE_REJECTION_REASONS.severalFaces,
  FACE_REJECTION_REASONS.darkOrBlurred,
  FACE_REJECTION_REASONS.notFrontal,
  FACE_REJECTION_REASONS.faceTooSmall,
  HR_REFUSED_REASON,
  'This file is not an image we can read.',
];
const DEPARTMENTS = ['Engineering', 'People', 'Finance', 'Sales', 'Marketing', 'Operations', 'Legal', 'Support'];
const OFFICES = ['London', 'Berlin', 'New York', 'Lisbon', 'Singapore', 'Remote'];
const LAST_NAMES = ['Andersen', 'Bianchi', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad'];

interface Row {
  [column: string]: unknown;
}

/** Inserts rows in batches of 500, in one transaction. */
async function insertAll(db: Database, table: string, rows: Row[]): Promise<void> {
  const transaction = await db.sequelize.transaction();
  for (let start = 0; start < rows.length; start += 500) {
    await db.sequelize.getQueryInterface().bulkInsert(table, rows.slice(start, start + 500), { transaction });
  }
  await transaction.commit();
}

export interface InsightsHistoryOptions {
  people: number;
  events: number;
  /** Their employee numbers start with it, and their work addresses with it in lower case (`removeInsightsHistory`). */
  prefix: string;
  departments?: readonly string[];
  offices?: readonly string[];
}

export async function seedInsightsHistory(
  db: Database,
  options: InsightsHistoryOptions,
): Promise<{ employees: number; events: number }> {
  const targetEvents = options.events;
  const departments = options.departments ?? DEPARTMENTS;
  const offices = options.offices ?? OFFICES;
  const now = Date.now();
  const employees: Array<{ id: string; department: string; office_location: string; managerId?: string }> = [];
  const rows: Row[] = [];
  for (let index = 0; index < options.people; index++) {
    const number = `${options.prefix}${String(index).padStart(6, '0')}`;
    const lastName = `${LAST_NAMES[index % LAST_NAMES.length]}${index}`;
    const employee = {
      id: randomUUID(),
      department: departments[index % departments.length],
      office_location: offices[(index * 7) % offices.length],
    };
    employees.push(employee);
    const email = `${number.toLowerCase()}@xyz.example`;
    rows.push({
      ...employee,
      employee_number: number,
      first_name: 'Insight',
      last_name: lastName,
      work_email: email,
      work_email_normalized: email,
      job_title: 'Analyst',
      status: 'active',
      role: 'employee',
      sort_name: `${lastName} insight`.toLowerCase(),
      name_order: nameOrderColumns({ firstName: 'Insight', lastName }).nameOrder,
      name_order_es: nameOrderColumns({ firstName: 'Insight', lastName }).nameOrderEs,
      given_name_key: 'insight',
      job_title_key: 'analyst',
      status_changed_at: new Date(now),
      created_at: new Date(now),
      updated_at: new Date(now),
    });
  }
  await insertAll(db, 'employees', rows);
  const next = random(42);
  const start = now - 730 * 24 * HOUR;
  const events: Row[] = [];
  const history: Row[] = [];
  const tasks: Row[] = [];
  const statuses = new Map<string, string>();
  const event = (employeeId: string, type: string, at: number, body: Record<string, unknown>) => {
    const id = randomUUID();
    const occurredAt = new Date(Math.min(at, now - 1000));
    events.push({
      id,
      employee_id: employeeId,
      type,
      version: (body.version as number) ?? 1,
      body: JSON.stringify({
        eventId: id,
        employeeId,
        occurredAt: occurredAt.toISOString(),
        actorId: 'system',
        type,
        version: 1,
        ...body,
      }),
      occurred_at: occurredAt,
    });
  };
  const period = (
    employeeId: string,
    department: string,
    office: string,
    status: string,
    from: string | null,
    at: number,
  ) => {
    const previous = history.at(-1);
    if (previous && previous.employee_id === employeeId) previous.valid_until = new Date(Math.min(at, now - 1000));
    history.push({
      employee_id: employeeId,
      department,
      office_location: office,
      status,
      status_from: from,
      valid_from: new Date(Math.min(at, now - 1000)),
      valid_until: null,
    });
  };
  for (const employee of employees) {
    const joined = start + next() * (now - start);
    const viaVerification = next() < 0.8;
    let status = viaVerification ? 'pending' : 'active';
    let at = joined;
    event(employee.id, 'employee.created', at, {
      version: 2,
      source: viaVerification ? 'join' : 'import',
      employee: { status, role: 'employee' },
      photoId: null,
    });
    period(employee.id, employee.department, employee.office_location, status, null, at);
    if (viaVerification) {
      const refusals = Math.floor(next() * 3);
      for (let index = 0; index < refusals; index++) {
        at += (1 + next() * 24) * HOUR;
        event(employee.id, 'employee.photo-failed', at, {
          photoId: randomUUID(),
          reason: REASONS[Math.floor(next() * REASONS.length)],
          faceCheck: 'rejected',
        });
      }
      if (next() < 0.92) {
        at += (1 + next() * 72) * HOUR;
        event(employee.id, 'employee.photo-ready', at, {
          photoId: randomUUID(),
          replacedPhotoId: null,
          faceCheck: 'verified',
        });
        if (next() < 0.95) {
          at += (0.2 + next() * 6) * HOUR;
          tasks.push({
            id: randomUUID(),
            employee_id: employee.id,
            step: 'AwaitHrDecision',
            task_token: randomUUID(),
            execution_id: randomUUID(),
            status: 'done',
            findings: '{}',
            decision: null,
            waiting_since: Math.round(at),
            completed_at: null,
          });
          at += (1 + next() * 96) * HOUR;
          const approved = next() < 0.9;
          event(employee.id, 'employee.status-changed', at, {
            version: 2,
            change: approved ? 'activated' : 'rejected',
            from: 'pending',
            to: approved ? 'active' : 'inactive',
          });
          status = approved ? 'active' : 'inactive';
          period(employee.id, employee.department, employee.office_location, status, 'pending', at);
        }
      }
    }
    if (status === 'active' && next() < 0.1) {
      at += next() * 200 * 24 * HOUR;
      const department = departments[Math.floor(next() * departments.length)];
      event(employee.id, 'employee.updated', at, { changedFields: ['department'] });
      period(employee.id, department, employee.office_location, status, 'active', at);
      employee.department = department;
    }
    if (status === 'active' && next() < 0.08) {
      at += next() * 300 * 24 * HOUR;
      event(employee.id, 'employee.status-changed', at, {
        version: 2,
        change: 'deactivated',
        from: 'active',
        to: 'inactive',
      });
      period(employee.id, employee.department, employee.office_location, 'inactive', 'active', at);
      status = 'inactive';
    }
    statuses.set(employee.id, status);
  }
  // Profile edits fill the outbox up to the target: the insights never read them, but they are rows to skip.
  for (let index = 0; events.length < targetEvents; index++) {
    const employee = employees[index % employees.length];
    event(employee.id, 'employee.updated', start + next() * (now - start), { changedFields: ['bio'] });
  }
  await insertAll(db, 'events', events);
  await insertAll(db, 'org_history', history);
  await insertAll(db, 'workflow_tasks', tasks);
  // Statuses, departments and a tree of managers with spans of 3 to 12 among the active.
  const transaction = await db.sequelize.transaction();
  const active = employees.filter((employee) => statuses.get(employee.id) === 'active');
  let managerIndex = 0;
  let left = 3 + Math.floor(next() * 10);
  for (let index = 1; index < active.length; index++) {
    if (left === 0) {
      managerIndex += 1;
      left = 3 + Math.floor(next() * 10);
    }
    left -= 1;
    active[index].managerId = active[managerIndex].id;
  }
  for (const employee of employees) {
    await db.sequelize.query(
      'UPDATE employees SET status = :status, department = :department, manager_id = :managerId WHERE id = :id',
      {
        replacements: {
          id: employee.id,
          status: statuses.get(employee.id),
          department: employee.department,
          managerId: employee.managerId ?? null,
        },
        transaction,
      },
    );
  }
  await transaction.commit();
  return { employees: employees.length, events: events.length };
}

/** Deletes the people `seedInsightsHistory` added under `prefix`, with their events, history and tasks. */
export async function removeInsightsHistory(db: Database, prefix: string): Promise<void> {
  const ids = (
    await db.sequelize.query<{ id: string }>('SELECT id FROM employees WHERE employee_number LIKE :pattern', {
      replacements: { pattern: `${prefix}%` },
      type: QueryTypes.SELECT,
    })
  ).map((row) => row.id);
  for (let start = 0; start < ids.length; start += 500) {
    const batch = ids.slice(start, start + 500);
    for (const table of ['events', 'org_history', 'workflow_tasks']) {
      await db.sequelize.query(`DELETE FROM ${table} WHERE employee_id IN (:batch)`, { replacements: { batch } });
    }
    await db.sequelize.query('UPDATE employees SET manager_id = NULL WHERE manager_id IN (:batch)', {
      replacements: { batch },
    });
    await db.sequelize.query('DELETE FROM employees WHERE id IN (:batch)', { replacements: { batch } });
  }
}
