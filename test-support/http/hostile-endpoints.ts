/**
 * What the hostile-input suite (app/routes/hostile-input.test.ts) posts to: every route module that
 * exports an action, and the loaders that read a query, each with who posts, a valid form, and the fields made
 * invalid in known ways with the message a person then reads (written as the page shows it). A new action gets
 * an entry here; the suite fails naming any action without one.
 */
import fc from 'fast-check';
import { JOIN_LINK_EXPIRED_MESSAGE } from '~/utils/join-link-messages';
import type { Cast } from './people';
import {
  hugeText,
  hostileText,
  MULTI_LINE_CONTROL_CHARACTERS,
  percentEscapedGarbage,
  withControlInside,
} from './hostile-bodies';

export type Who = 'visitor' | keyof Cast;

export interface Context {
  cast: Cast;
  resetToken: string;
  /** A join link's token as if its email had been opened (test-support/join-links.ts); a refused post keeps it. */
  joinToken: string;
  runId: string;
}

/** One field made invalid in a known way, and the message a person then reads. */
export interface BadField {
  field: string;
  /** Fixed fields sent with it (e.g. the form's intent). */
  with?: Record<string, string>;
  /** The bad value: a string, a file part (`file`), or left out (`missing`). */
  value: fc.Arbitrary<string | 'missing' | { file: Uint8Array }>;
  message: string;
}

export interface FormEndpoint {
  route: string;
  /** The page's form is multipart (a file field): targeted cases travel as multipart, as a browser sends them. */
  multipartForm?: boolean;
  /** The page's form is a plain one (no file): targeted cases travel urlencoded, as a browser sends them. */
  plainForm?: boolean;
  path: (context: Context) => string;
  who: Who;
  /** A valid form for the targeted cases, or none when the endpoint is only fed garbage. */
  valid?: (context: Context) => Record<string, string>;
  bad?: BadField[];
  /** Field names garbage bodies draw from (beside random ones). */
  fields: string[];
  /**
   * At most this many posts, whatever FUZZ_RUNS says: for an endpoint that refuses every post before reading its
   * body (a missing bearer token), where more garbage proves nothing more.
   */
  maxRuns?: number;
  /** Posts that may legitimately be accepted and store something when garbage happens to be valid. */
}

export interface QueryEndpoint {
  route: string;
  /** An HTML page with query input: fewer runs than the JSON endpoints the issue names (see PAGE_RUNS). */
  page?: boolean;
  path: (context: Context) => string;
  who: Who;
  params: string[];
}

/** Plain letters, for values that are wrong only by their length. */
export const letters = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzé'), minLength: min, maxLength: max });
const blank = fc.constantFrom('missing' as const, '', '   ', '\t\n');
const notAName = fc.oneof(
  fc.constantFrom('<b>x</b>', 'Ada\u0000', 'Ada\u202e', '1234', 'Ada%00', '\u0301Ada', 'Ada;', 'A\u0007da'),
  percentEscapedGarbage.map((escaped) => `Ada${decodeURIComponent(escaped.replace(/%/g, '%25'))}`),
);
const asFile = (text: string) => ({ file: new TextEncoder().encode(text) });

const PASSWORD = 'Correct-Horse-Battery-42';

function profileBadFields(intent: Record<string, string> = {}, options: { workEmail: boolean }): BadField[] {
  const fields: BadField[] = [
    { field: 'firstName', with: intent, value: blank, message: 'First name is required' },
    { field: 'firstName', with: intent, value: fc.constant(asFile('Ada')), message: 'First name is required' },
    { field: 'firstName', with: intent, value: letters(101, 300), message: 'must be at most 100 characters' },
    {
      field: 'firstName',
      with: intent,
      value: notAName,
      message: 'First name may contain letters, spaces, apostrophes, hyphens and dots',
    },
    { field: 'lastName', with: intent, value: hugeText, message: 'must be at most 100 characters' },
    { field: 'jobTitle', with: intent, value: blank, message: 'Job title is required' },
    { field: 'jobTitle', with: intent, value: letters(121, 400), message: 'must be at most 120 characters' },
    { field: 'department', with: intent, value: blank, message: 'Department is required' },
    {
      field: 'workPhone',
      with: intent,
      value: fc.constantFrom('call me', '555\u0000', '+1 (555) <1>'),
      message: 'may contain only digits, spaces and + ( ) - . x',
    },
    {
      field: 'startDate',
      with: intent,
      value: fc.constantFrom('yesterday', '2026/01/01', '2026-1-1', '\u0000'),
      message: 'Use the date format YYYY-MM-DD',
    },
    {
      field: 'personalEmail',
      with: intent,
      value: fc.constantFrom('not-an-email', 'a@', '@b', 'a b@c.d', 'x\u0000@y.z'),
      message: 'Enter a valid email address',
    },
    // Every text field refuses C0 controls and DEL by name (app/utils/control-characters.ts); a textarea keeps tab
    // and line breaks.
    ...(
      [
        ['managerEmail', 'grace.lindqvist@xyz.example', 'Manager'],
        ['jobTitle', 'Tester', 'Job title'],
        ['department', 'Quality', 'Department'],
        ['officeLocation', 'Oslo', 'Office'],
        ['emergencyContactName', 'Ada Lovelace', 'Emergency contact name'],
      ] as const
    ).map(([field, plausible, label]) => ({
      field,
      with: intent,
      value: withControlInside(plausible),
      message: `${label} may not contain control characters`,
    })),
    {
      field: 'bio',
      with: intent,
      value: withControlInside('I test things.\r\nMostly forms.', MULTI_LINE_CONTROL_CHARACTERS),
      message: 'Short bio may not contain control characters',
    },
  ];
  if (options.workEmail) {
    fields.push({
      field: 'workEmail',
      with: intent,
      value: fc.oneof(blank, fc.constantFrom('ada', 'ada@', 'ada@@xyz.example', '\u202eada@xyz.example')),
      message: 'Enter a valid email address',
    });
  }
  return fields;
}

export const PROFILE_FIELDS = [
  'firstName',
  'lastName',
  'preferredName',
  'workEmail',
  'workPhone',
  'jobTitle',
  'department',
];

/** Every route module that exports an action, and the JSON loaders that read a query, with how to feed it. */
export const FORM_ENDPOINTS: FormEndpoint[] = [
  {
    route: 'routes/login',
    path: () => '/login',
    who: 'visitor',
    valid: () => ({ email: 'nobody@xyz.example', password: 'not the password' }),
    bad: [
      { field: 'email', value: blank, message: 'Enter your work email' },
      {
        field: 'email',
        value: fc.constantFrom('ada', 'ada@', '\u0000@xyz.example', 'ada@xyz.example\u202e'),
        message: 'Enter a valid email address',
      },
      { field: 'password', value: fc.constantFrom('missing' as const, ''), message: 'Enter your password' },
      { field: 'password', value: letters(201, 5000), message: 'Use at most 200 characters' },
    ],
    fields: ['email', 'password', 'redirectTo'],
  },
  {
    route: 'routes/forgot-password',
    path: () => '/forgot-password',
    who: 'visitor',
    valid: () => ({ email: 'nobody@xyz.example' }),
    bad: [
      {
        field: 'email',
        value: fc.oneof(blank, fc.constantFrom('ada', 'ada@', '\u0000@xyz.example'), hugeText),
        message: 'Enter your work email',
      },
    ],
    fields: ['email'],
  },
  {
    route: 'routes/reset-password',
    // The page's form posts back to its own URL, token included.
    path: ({ resetToken }) => `/reset-password?token=${resetToken}`,
    who: 'visitor',
    valid: ({ resetToken }) => ({ token: resetToken, password: PASSWORD }),
    bad: [
      { field: 'password', value: fc.constantFrom('short', 'abc123'), message: 'Use at least 10 characters' },
      { field: 'password', value: letters(201, 3000), message: 'Use at most 200 characters' },
      {
        field: 'token',
        value: fc.oneof(blank, hostileText, fc.constant('A'.repeat(43))),
        message: 'This link has expired or was already used. Ask for a new one.',
      },
    ],
    fields: ['token', 'password'],
  },
  // The join's first step: only the work email, a plain form; the link goes to the mailbox.
  {
    route: 'routes/join',
    plainForm: true,
    path: () => '/join',
    who: 'visitor',
    valid: ({ runId }) => ({ workEmail: `zed.${runId}@xyz.example` }),
    bad: [
      {
        field: 'workEmail',
        value: fc.constantFrom('ada', 'ada@', 'ada@@xyz.example', '\u202eada@xyz.example', 'ada@xyz.example\u0000'),
        message: 'Enter a valid email address',
      },
      { field: 'workEmail', value: blank, message: 'Enter your work email' },
      {
        field: 'workEmail',
        value: fc.constantFrom('ada@gmail.com', 'ada@xyz.example.evil.example'),
        message: 'Use your company email (@xyz.example)',
      },
    ],
    fields: ['workEmail'],
  },
  // The profile form the join link opens: the work email is the link's, whatever the form says.
  {
    route: 'routes/join',
    multipartForm: true,
    path: ({ joinToken }) => `/join?token=${joinToken}`,
    who: 'visitor',
    valid: ({ joinToken }) => ({
      token: joinToken,
      firstName: 'Zed',
      lastName: 'Fuzzer',
      jobTitle: 'Tester',
      department: 'Quality',
      password: PASSWORD,
    }),
    bad: [
      ...profileBadFields({}, { workEmail: false }),
      {
        field: 'token',
        value: fc.oneof(blank, hostileText, fc.constant('A'.repeat(43))),
        message: JOIN_LINK_EXPIRED_MESSAGE,
      },
      { field: 'password', value: blank, message: 'Use at least 10 characters' },
      { field: 'password', value: fc.constantFrom('password123', 'qwertyuiop'), message: 'too common' },
      {
        field: 'password',
        value: fc.constantFrom('aaaaaaaaaaaa', 'abababababab'),
        message: 'Use a less repetitive password',
      },
    ],
    fields: [...PROFILE_FIELDS, 'token', 'password', 'photo', 'faceCheckConsent', 'managerEmail', 'managerPick'],
  },
  {
    route: 'routes/api.join',
    path: () => '/api/join',
    who: 'visitor',
    valid: ({ joinToken }) => ({
      token: joinToken,
      firstName: 'Zed',
      lastName: 'Fuzzer',
      jobTitle: 'Tester',
      department: 'Quality',
      password: PASSWORD,
    }),
    bad: [
      ...profileBadFields({}, { workEmail: false }),
      {
        field: 'token',
        value: fc.oneof(blank, hostileText, fc.constant('A'.repeat(43))),
        message: JOIN_LINK_EXPIRED_MESSAGE,
      },
    ],
    fields: [...PROFILE_FIELDS, 'token', 'password', 'photo', 'faceCheckConsent'],
  },
  {
    route: 'routes/me',
    path: () => '/me',
    who: 'active',
    valid: ({ cast }) => ({
      intent: 'profile',
      firstName: cast.active.employee.firstName,
      lastName: cast.active.employee.lastName,
      jobTitle: cast.active.employee.jobTitle,
      department: cast.active.employee.department,
    }),
    bad: [
      ...profileBadFields({ intent: 'profile' }, { workEmail: false }),
      {
        field: 'links',
        with: { intent: 'extras' },
        value: fc.constantFrom('no bar here', 'Label | javascript:alert(1)', 'x | \u0000'),
        message: 'Write one link per line as “Label | https://…” (at most 10).',
      },
      // Skills are part of the profile form (decision 008), no longer of the extras.
      {
        field: 'skills',
        with: { intent: 'profile' },
        value: fc.constant(Array.from({ length: 13 }, (_, i) => `s${i}`).join(',')),
        message: 'List at most 12 skills.',
      },
      {
        field: 'skills',
        with: { intent: 'profile' },
        value: fc.constantFrom('a'.repeat(33), `go, ${'b'.repeat(40)}`),
        message: 'Keep each skill under 33 characters.',
      },
      {
        field: 'skills',
        with: { intent: 'profile' },
        value: fc.constantFrom('<script>', 'sql; drop', 'x\u0000y'),
        message: 'Skills may contain letters, digits, spaces and + # . / - only, separated by commas.',
      },
      {
        field: 'pronouns',
        with: { intent: 'extras' },
        value: letters(41, 500),
        message: 'Use at most 40 characters',
      },
      {
        field: 'photo',
        with: { intent: 'photo' },
        value: fc.constant('missing'),
        message: 'Choose a photo to upload.',
      },
      {
        field: 'photo',
        with: { intent: 'photo' },
        value: fc.uint8Array({ minLength: 1, maxLength: 3000 }).map((file) => ({ file })),
        message: 'This file is not a photo we can read. Use a JPEG, PNG, WebP, AVIF or GIF image.',
      },
    ],
    fields: [...PROFILE_FIELDS, 'intent', 'photo', 'faceCheckConsent', 'pronouns', 'timeZone', 'skills', 'links'],
  },
  {
    route: 'routes/api.me.photo',
    path: () => '/api/me/photo',
    who: 'active',
    valid: () => ({ intent: 'photo' }),
    bad: [
      { field: 'photo', value: fc.constant('missing'), message: 'Choose a photo to upload.' },
      {
        field: 'photo',
        value: fc.uint8Array({ minLength: 1, maxLength: 3000 }).map((file) => ({ file })),
        message: 'This file is not a photo we can read. Use a JPEG, PNG, WebP, AVIF or GIF image.',
      },
    ],
    fields: ['intent', 'photo', 'faceCheckConsent'],
  },
  {
    route: 'routes/admin._index',
    path: () => '/admin?index',
    who: 'admin',
    valid: ({ cast }) => ({ intent: 'reject', employeeId: cast.pending.employee.id, reason: 'Wrong department' }),
    bad: [
      { field: 'reason', value: blank, message: 'Give the employee a reason' },
      { field: 'reason', value: letters(501, 4000), message: 'Keep the reason under 500 characters' },
    ],
    fields: ['intent', 'employeeId', 'reason', 'confirmed', 'role'],
  },
  {
    route: 'routes/admin.employees.$id',
    path: ({ cast }) => `/admin/employees/${cast.colleague.employee.id}`,
    who: 'admin',
    valid: ({ cast }) => ({
      intent: 'profile',
      firstName: cast.colleague.employee.firstName,
      lastName: cast.colleague.employee.lastName,
      workEmail: cast.colleague.employee.workEmail,
      jobTitle: cast.colleague.employee.jobTitle,
      department: cast.colleague.employee.department,
    }),
    bad: [
      ...profileBadFields({ intent: 'profile' }, { workEmail: true }),
      {
        field: 'confirmed',
        with: { intent: 'deactivate' },
        value: fc.constantFrom('missing' as const, 'no', 'YES', 'yes\u0000'),
        message: 'Confirm the deactivation first.',
      },
    ],
    fields: [...PROFILE_FIELDS, 'intent', 'reason', 'confirmed', 'role'],
  },
  {
    route: 'routes/admin.import',
    multipartForm: true,
    path: () => '/admin/import',
    who: 'admin',
    valid: () => ({}),
    bad: [
      {
        field: 'csv',
        value: fc.constantFrom('missing' as const, 'firstName,lastName\nAda,Lovelace'),
        message: 'Choose a CSV file to import.',
      },
    ],
    fields: ['csv'],
  },
  // HR's field definitions: the add form, each setting made invalid (app/models/custom-fields.ts). The key is
  // valid but every targeted case is refused before anything is stored.
  {
    route: 'routes/admin.fields',
    plainForm: true,
    path: () => '/admin/fields',
    who: 'admin',
    valid: ({ runId }) => ({
      intent: 'add',
      key: `hostile_${runId.replace(/[^a-z0-9]/gi, '').toLowerCase()}`.slice(0, 40),
      type: 'short-text',
      label: 'T-shirt size',
      visibility: 'everyone',
      editableBy: 'person',
    }),
    bad: [
      { field: 'label', value: blank, message: 'Label is required' },
      { field: 'label', value: letters(81, 200), message: 'Label must be at most 80 characters' },
      { field: 'label', value: fc.constant('Size\u0007'), message: 'Label may not contain control characters' },
      {
        field: 'key',
        value: fc.constantFrom('Bad Key', '1size', 'x', '<b>', 'size\u0000', 'a'.repeat(41)),
        message: 'Key: 2 to 40 lower-case letters, digits or underscores, starting with a letter',
      },
      { field: 'type', value: fc.constantFrom('missing' as const, 'rich-text', ''), message: 'Choose a type' },
      {
        field: 'visibility',
        value: fc.constantFrom('missing' as const, 'public', 'everyone\u0000'),
        message: 'Choose who may see the field',
      },
      {
        field: 'options',
        with: { type: 'one-choice' },
        value: fc.constantFrom('missing' as const, '', '\n\n'),
        message: 'List at least one option, one per line',
      },
      {
        field: 'searchable',
        with: { visibility: 'hr', editableBy: 'hr' },
        value: fc.constant('on'),
        message: 'Only a field everyone may see can be searchable or a facet in the directory',
      },
      {
        field: 'editableBy',
        with: { visibility: 'hr' },
        value: fc.constant('person'),
        message: 'The person may change only a field they may see',
      },
      {
        field: 'needsApproval',
        with: { editableBy: 'hr' },
        value: fc.constant('on'),
        message: 'Only a change by the person can wait for HR’s approval',
      },
    ],
    fields: [
      'intent',
      'key',
      'type',
      'label',
      'helpText',
      'visibility',
      'editableBy',
      'needsApproval',
      'required',
      'options',
      'option',
    ],
  },
  // HR's SCIM connection tokens (/admin/scim): a new connection's name and expiry; a bad one stores no token.
  {
    route: 'routes/admin.scim',
    plainForm: true,
    path: () => '/admin/scim',
    who: 'admin',
    valid: () => ({ intent: 'create', name: 'Entra ID', expiresInDays: '90' }),
    bad: [
      { field: 'name', value: blank, message: 'Name the connection' },
      { field: 'name', value: letters(81, 200), message: 'The name must be at most 80 characters' },
      { field: 'name', value: fc.constant('Entra\u0007ID'), message: 'Name may not contain control characters' },
      {
        field: 'expiresInDays',
        value: fc.constantFrom('missing' as const, '', '0', '36500', 'never'),
        message: 'Choose when the token expires',
      },
    ],
    fields: ['intent', 'name', 'expiresInDays', 'id'],
  },
  // HR's decisions on changes waiting for approval: no change waits in this suite, so garbage only (the targeted
  // cases, a missing reason among them: app/routes/field-change-approval.test.ts).
  {
    route: 'routes/admin.field-changes',
    path: () => '/admin/field-changes',
    who: 'admin',
    fields: ['intent', 'id', 'reason'],
  },
  // Webhooks (docs/decisions/329-signed-webhooks.md): the register form, each field made invalid; refused before
  // anything is stored.
  {
    route: 'routes/admin.webhooks',
    plainForm: true,
    path: () => '/admin/webhooks',
    who: 'admin',
    valid: () => ({ intent: 'register', name: 'Payroll', url: 'http://127.0.0.1:9/hooks', events: 'employee.created' }),
    bad: [
      { field: 'name', value: blank, message: 'Name the endpoint (the system it is for).' },
      { field: 'name', value: letters(81, 150), message: 'Keep the name to 80 characters.' },
      { field: 'name', value: withControlInside('Payroll'), message: 'Use one line of plain text.' },
      { field: 'url', value: blank, message: 'Enter the endpoint’s URL.' },
      {
        field: 'url',
        value: fc.constantFrom('not a url', '//hooks.example.com', 'hooks'),
        message: 'Enter a full URL',
      },
      {
        field: 'url',
        value: fc.constantFrom('ftp://hooks.example.com/', 'file:///etc/passwd'),
        message: 'Use http or https.',
      },
      {
        field: 'url',
        value: fc.constant('http://user:secret@127.0.0.1:9/hooks'),
        message: 'Leave user names and passwords out of the URL.',
      },
      { field: 'events', value: fc.constant('missing' as const), message: 'Pick at least one event.' },
      {
        field: 'events',
        value: fc.constantFrom('employee.password-reset-requested', 'employee.*', '\u0000'),
        message: 'Pick events from the list.',
      },
    ],
    fields: ['intent', 'name', 'url', 'events', 'id', 'deliveryId'],
  },
  // Without the provider's onboarding cookie every post is sent back to sign in: garbage only.
  { route: 'routes/auth.oidc.onboarding', path: () => '/auth/oidc/onboarding', who: 'visitor', fields: PROFILE_FIELDS },
  {
    route: 'routes/admin.employees.$id.identities',
    path: ({ cast }) => `/admin/employees/${cast.colleague.employee.id}/identities`,
    who: 'admin',
    fields: ['intent', 'linkId'],
  },
  // An active colleague: whatever the reason says, the erasure is refused (400), so no hostile post erases anyone.
  {
    route: 'routes/admin.employees_.$id.erase',
    path: ({ cast }) => `/admin/employees/${cast.colleague.employee.id}/erase`,
    who: 'admin',
    fields: ['reason'],
  },
  {
    route: 'routes/logout',
    path: () => '/logout',
    who: 'visitor',
    fields: ['intent'],
  },
  // The language switcher: anything but a supported language is 400; a redirect goes only to a path on this site.
  {
    route: 'routes/language',
    path: () => '/language',
    who: 'visitor',
    fields: ['language', 'redirectTo'],
  },
  // SCIM (JSON with a connection's bearer token, docs/decisions/328-scim-provisioned-people.md): garbage without a
  // token is refused 401 before anything is read; its bodies with a token are in app/routes/scim-users.test.ts.
  ...(['routes/scim.v2.Users._index', 'routes/scim.v2.Users.[.]search', 'routes/scim.v2.Users.$id'] as const).map(
    (route): FormEndpoint => ({
      route,
      path: ({ cast }) =>
        route.endsWith('$id')
          ? `/scim/v2/Users/${cast.active.employee.id}`
          : route.endsWith('search')
            ? '/scim/v2/Users/.search'
            : '/scim/v2/Users',
      who: 'visitor',
      fields: ['schemas', 'userName', 'externalId', 'Operations', 'filter'],
      maxRuns: 50,
    }),
  ),
];

export const QUERY_ENDPOINTS: QueryEndpoint[] = [
  { route: 'routes/api.people', path: () => '/api/people', who: 'visitor', params: ['q'] },
  { route: 'routes/api.people', path: () => '/api/people', who: 'active', params: ['q'] },
  { route: 'routes/api.photo-state', path: () => '/api/photo-state', who: 'admin', params: ['employee'] },
  { route: 'routes/api.photo-state', path: () => '/api/photo-state', who: 'active', params: ['employee'] },
  {
    route: 'routes/employees._index',
    page: true,
    path: () => '/employees',
    who: 'active',
    params: ['q', 'department', 'after', 'before'],
  },
  {
    route: 'routes/admin.people',
    page: true,
    path: () => '/admin/people',
    who: 'admin',
    params: ['q', 'status', 'after'],
  },
  { route: 'routes/admin.scim', page: true, path: () => '/admin/scim', who: 'admin', params: ['revoke'] },
  { route: 'routes/org._index', page: true, path: () => '/org', who: 'active', params: ['person', 'q'] },
  { route: 'routes/org.export', path: () => '/org/export', who: 'active', params: ['format', 'person', 'department'] },
  {
    route: 'routes/admin.insights',
    page: true,
    path: () => '/admin/insights',
    who: 'admin',
    params: ['department', 'office', 'from', 'to'],
  },
  { route: 'routes/reset-password', page: true, path: () => '/reset-password', who: 'visitor', params: ['token'] },
  { route: 'routes/join', page: true, path: () => '/join', who: 'visitor', params: ['token'] },
  {
    route: 'routes/admin.employees.$id',
    page: true,
    path: ({ cast }) => `/admin/employees/${cast.colleague.employee.id}`,
    who: 'admin',
    params: ['activity', 'confirm'],
  },
];
