/**
 * The signed-in person the load acts as: a demo employee with a photo, signed in through the sign-in form, and
 * what the harness reads off the pages as that person would see them (profile links, a photo URL, the values of
 * their own profile form).
 */
import { closeDatabase, openDatabase } from '~/db/database.server';
import { DEMO_EMPLOYEE_PASSWORD } from '~/local/seed.server';
import type { Stack } from './stack';

export interface Session {
  cookie: string;
  profileId: string;
  profileIds: string[];
  photoPath: string;
  ownProfileForm: Record<string, string>;
}

const decode = (text: string) =>
  text
    .replaceAll('&quot;', '"')
    .replaceAll('&#x27;', "'")
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** The fields of the form on `html` that carries `intent=<intent>`, as a browser would submit them. */
export function formFieldsOf(html: string, intent: string): Record<string, string> {
  const forms = html.match(/<form[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((candidate) => new RegExp(`name="intent"[^>]*value="${intent}"`).test(candidate));
  if (!form) throw new Error(`no form with intent=${intent}`);
  const fields: Record<string, string> = {};
  const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  for (const tag of form.match(/<input[^>]*>/g) ?? []) {
    const name = attribute(tag, 'name');
    const type = attribute(tag, 'type') ?? 'text';
    if (!name || ['file', 'submit', 'password'].includes(type)) continue;
    if (['checkbox', 'radio'].includes(type) && !/\schecked(=|\s|>)/.test(tag)) continue;
    fields[name] = decode(attribute(tag, 'value') ?? '');
  }
  for (const [, name, text] of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    fields[name!] = decode(text!);
  }
  for (const [, name, options] of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected =
      /<option[^>]*value="([^"]*)"[^>]*selected/.exec(options!) ?? /<option[^>]*value="([^"]*)"/.exec(options!);
    fields[name!] = decode(selected?.[1] ?? '');
  }
  return fields;
}

/** A signed-in employee who edits their own profile under load. */
export interface Editor {
  cookie: string;
  ownProfileForm: Record<string, string>;
}

/** Active demo employees' work emails, in name order: the first is the probing person, the rest edit under load. */
async function activeEmployeeEmails(stack: Stack, count: number): Promise<string[]> {
  const db = openDatabase({ url: stack.mysqlUrl });
  try {
    const employees = (await db.models.Employee.findAll({
      where: { role: 'employee', status: 'active' },
      order: [['sortName', 'ASC']],
      limit: count,
      raw: true,
    })) as unknown as Array<{ workEmail: string }>;
    if (employees.length < count) throw new Error(`${count} active demo employees needed, ${employees.length} found`);
    return employees.map((employee) => employee.workEmail);
  } finally {
    await closeDatabase(db);
  }
}

async function signInAs(base: string, email: string): Promise<string> {
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: DEMO_EMPLOYEE_PASSWORD, redirectTo: '' }).toString(),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!cookie.includes('=')) throw new Error(`sign-in answered ${login.status} without a session cookie`);
  return cookie;
}

async function ownProfileFormOf(base: string, cookie: string): Promise<Record<string, string>> {
  const html = await fetch(`${base}/me`, { headers: { cookie } }).then((response) => response.text());
  const form = formFieldsOf(html, 'profile');
  delete form.intent;
  return form;
}

/**
 * People who edit their own profiles under load, each in a session of their own: fifty connections are many
 * people, not one person editing the same row from fifty tabs (which would only measure that row's lock).
 */
export async function signInEditors(stack: Stack, count: number): Promise<Editor[]> {
  const emails = (await activeEmployeeEmails(stack, count + 1)).slice(1);
  const editors: Editor[] = [];
  for (const email of emails) {
    const cookie = await signInAs(stack.serverUrl, email);
    editors.push({ cookie, ownProfileForm: await ownProfileFormOf(stack.serverUrl, cookie) });
  }
  return editors;
}

export async function signIn(stack: Stack): Promise<Session> {
  const [email] = await activeEmployeeEmails(stack, 1);
  const base = stack.serverUrl;
  const cookie = await signInAs(base, email!);
  const page = (path: string) => fetch(base + path, { headers: { cookie } }).then((response) => response.text());

  const directory = await page('/employees');
  const profileIds = [...new Set([...directory.matchAll(/href="\/employees\/([0-9a-f-]{36})"/g)].map((m) => m[1]!))];
  let photoPath: string | undefined;
  let profileId: string | undefined;
  for (const id of profileIds) {
    const match = /src="(\/photos\/[^"]+)"/.exec(await page(`/employees/${id}`));
    if (match) {
      photoPath = decode(match[1]!);
      profileId = id;
      break;
    }
  }
  if (!photoPath || !profileId)
    throw new Error('no profile with a photo in the directory: did the demo photos process?');
  const ownProfileForm = await ownProfileFormOf(base, cookie);
  return { cookie, profileId, profileIds, photoPath, ownProfileForm };
}
