/**
 * The cast of the HTTP suites, each signed in the way a person signs in (POST /login with their password, the
 * session cookie the app sets): an HR admin, two active employees, a pending self-registered one, and one whose
 * account HR deactivated after they had signed in (their old cookie is what they still hold).
 */
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { setPassword } from '~/auth/credentials.server';
import { type PrivateEmployee } from '~/models/employee-projection.server';
import { insertEmployee } from '~/models/employee.server';
import { APP_ORIGIN, type AppUnderTest } from './app-under-test';

export const CAST_PASSWORD = 'Correct-Horse-Battery-42';

export interface Person {
  employee: PrivateEmployee;
  /** The Cookie header of their browser; empty for a visitor. */
  cookie: string;
}

export interface Cast {
  admin: Person;
  active: Person;
  colleague: Person;
  pending: Person;
  deactivated: Person;
}

/** One more employee with the cast's password (tests that change an account for good use their own). */
export async function addPerson(
  app: AppUnderTest,
  name: string,
  status: 'active' | 'pending',
  role: 'employee' | 'admin' = 'employee',
): Promise<PrivateEmployee> {
  const employee = await insertEmployee(app.platform.db, {
    firstName: name,
    lastName: 'Tester',
    preferredName: null,
    workEmail: `${name.toLowerCase()}.${randomUUID().slice(0, 6)}@xyz.example`,
    workPhone: null,
    jobTitle: 'Engineer',
    department: 'Engineering',
    managerId: null,
    officeLocation: null,
    startDate: null,
    bio: null,
    personalEmail: `${name.toLowerCase()}@home.example`,
    personalPhone: null,
    emergencyContactName: null,
    emergencyContactPhone: null,
    status,
    role,
  });
  await setPassword(app.platform.db, employee.id, CAST_PASSWORD);
  return employee;
}

/** A form POST as the browser sends it from one of our pages (same Origin). */
export function formPost(pathname: string, fields: Record<string, string>, cookie = ''): Request {
  return new Request(`${APP_ORIGIN}${pathname}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: APP_ORIGIN, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields),
  });
}

export async function signIn(app: AppUnderTest, employee: PrivateEmployee): Promise<string> {
  const response = await app.fetch(formPost('/login', { email: employee.workEmail, password: CAST_PASSWORD }), {
    clientAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  });
  const setCookie = response.headers.get('set-cookie');
  if (response.status !== 302 || !setCookie)
    throw new Error(`sign-in of ${employee.firstName} failed: ${response.status}`);
  return setCookie.split(';')[0]!;
}

export async function createCast(app: AppUnderTest): Promise<Cast> {
  const [admin, active, colleague, pending, deactivated] = await Promise.all([
    addPerson(app, 'Hera', 'active', 'admin'),
    addPerson(app, 'Ada', 'active'),
    addPerson(app, 'Brian', 'active'),
    addPerson(app, 'Penny', 'pending'),
    addPerson(app, 'Dora', 'active'),
  ]);
  const cast: Cast = {
    admin: { employee: admin, cookie: await signIn(app, admin) },
    active: { employee: active, cookie: await signIn(app, active) },
    colleague: { employee: colleague, cookie: await signIn(app, colleague) },
    pending: { employee: pending, cookie: await signIn(app, pending) },
    deactivated: { employee: deactivated, cookie: await signIn(app, deactivated) },
  };
  // HR deactivates Dora through the employee page, as an admin does; Dora's browser keeps its cookie.
  const deactivation = await app.fetch(
    formPost(
      `/admin/employees/${deactivated.id}`,
      { intent: 'deactivate', confirmed: 'yes', reason: 'Left the company' },
      cast.admin.cookie,
    ),
  );
  if (deactivation.status !== 200) throw new Error(`deactivating Dora failed: ${deactivation.status}`);
  return cast;
}

/** An employee's free-text fields as the database holds them (columns as stored, not as a model reads them). */
export async function storedFreeText(app: AppUnderTest, employeeId: string) {
  const [row] = await app.platform.db.sequelize.query<Record<string, string | null>>(
    'SELECT job_title, office_location, bio FROM employees WHERE id = :id',
    { replacements: { id: employeeId }, type: QueryTypes.SELECT },
  );
  return row;
}
