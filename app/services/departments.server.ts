/**
 * The department filter's options. Listing departments groups over every active employee, which grows with
 * the company; the list changes rarely, so each process keeps it for ten seconds.
 */
import type { Database } from '~/db/database.server';
import { listDepartments } from '~/models/employee-departments.server';

const TTL_MS = 10_000;
let cached: { at: number; departments: Promise<string[]> } | undefined;

export function cachedDepartments(db: Database, now = Date.now()): Promise<string[]> {
  if (!cached || now - cached.at > TTL_MS) {
    const departments = listDepartments(db);
    cached = { at: now, departments };
    departments.catch(() => {
      cached = undefined;
    });
  }
  return cached.departments;
}
