/**
 * SSO onboarding asks for the fields HR defines as /join does (docs/decisions/023-hr-defined-field-storage.md): a
 * required one missing gets /me's message and no employee is created; given, the value
 * is written with the new employee.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCustomFieldDefinition, listCustomFieldDefinitions } from '~/models/custom-field-store.server';
import { getEmployeeByEmail } from '~/models/employee.server';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { completeOidcOnboarding } from './oidc-onboarding.server';

describe('SSO onboarding with a required field HR defines', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: false });
    await insertCustomFieldDefinition(platform.db, {
      key: 'desk_floor',
      label: 'Desk floor',
      helpText: null,
      type: 'number',
      required: true,
      visibility: 'everyone',
      editableBy: 'person',
      searchable: false,
      facet: false,
      needsApproval: false,
      section: null,
      retired: false,
      options: [],
    });
    platform.customFields = await listCustomFieldDefinitions(platform.db);
  });
  afterAll(async () => platform?.close());

  const onboarding = {
    providerId: 'corp',
    issuer: 'https://id.xyz.example',
    subject: 'sub-1',
    email: 'sso.newcomer@xyz.example',
    firstName: 'Sso',
    lastName: 'Newcomer',
    expiresAt: Date.now() + 60_000,
  };
  const values = { firstName: 'Sso', lastName: 'Newcomer', jobTitle: 'Engineer', department: 'Engineering' };
  const form = (floor?: string) => {
    const data = new FormData();
    if (floor !== undefined) data.append('custom.desk_floor', floor);
    return data;
  };

  it('refuses the form without it, with the form message, and stores nothing', async () => {
    const result = await completeOidcOnboarding(platform, onboarding, values, form());
    expect(result).toMatchObject({ ok: false, errors: { 'custom.desk_floor': 'Desk floor is required' } });
    expect(await getEmployeeByEmail(platform.db, onboarding.email)).toBeNull();
  });

  it('writes the value with the new employee', async () => {
    const result = await completeOidcOnboarding(platform, onboarding, values, form('3'));
    expect(result.ok).toBe(true);
    const employee = await getEmployeeByEmail(platform.db, onboarding.email);
    expect(JSON.parse(employee!.customFields!)).toEqual({ desk_floor: '3' });
  });
});
