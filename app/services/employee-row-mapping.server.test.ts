import { describe, expect, it } from 'vitest';
import { mapEmployeeRow } from './employee-row-mapping.server';

const minimal = {
  firstName: 'Ima',
  lastName: 'Importer',
  workEmail: 'Ima.Importer@xyz.example',
  jobTitle: 'Analyst',
  department: 'Finance',
};

describe('an employee row mapped to the fields createEmployees takes', () => {
  it('fills the defaults: active, employee, no number, no manager', () => {
    expect(mapEmployeeRow(minimal)).toEqual({
      ok: true,
      row: {
        fields: expect.objectContaining({ workEmail: 'ima.importer@xyz.example', managerId: null, skills: [] }),
        employeeNumber: undefined,
        status: 'active',
        role: 'employee',
        managerEmail: null,
      },
    });
  });

  it('keeps the number, status, role and the manager by lower-cased email', () => {
    const mapped = mapEmployeeRow({
      ...minimal,
      employeeNumber: 'E-42',
      status: 'pending',
      role: 'admin',
      managerEmail: 'Boss@xyz.example',
      skills: 'SQL, excel',
    });
    expect(mapped).toMatchObject({
      ok: true,
      row: { employeeNumber: 'E-42', status: 'pending', role: 'admin', managerEmail: 'boss@xyz.example' },
    });
    expect(mapped.ok && mapped.row.fields.skills).toEqual(['sql', 'excel']);
  });

  it('lists every problem of the row at once, each named by its field', () => {
    const mapped = mapEmployeeRow({
      ...minimal,
      firstName: '<b>',
      workEmail: 'not-an-email',
      employeeNumber: 'E 42!',
      status: 'retired',
      role: 'owner',
    });
    expect(mapped).toEqual({
      ok: false,
      errors: [
        'firstName: First name may contain letters, spaces, apostrophes, hyphens and dots',
        'workEmail: Enter a valid email address',
        'employeeNumber: letters, digits and hyphens, at most 32',
        'status: must be active or pending',
        'role: must be employee or admin',
      ],
    });
  });
});
