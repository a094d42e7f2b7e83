// The import directions of docs/architecture.md#layers, checked by `npm run lint:deps` and by the
// "dependency rules" step of `npm test`. scripts/dependency-rules.test.ts proves each rule reports a violation.
// Paths are relative to the working directory; npm packages may resolve through the node_modules symlink to
// another checkout, so package rules match `node_modules/<name>/` anywhere in the resolved path.

const { LAYERS, PLATFORM_MODULE, SESSION_GUARDS, TEST_FILE } = require('./scripts/dependency-layers.cjs');

const NPM = (names) => `(^|/)node_modules/(${names})/|^(${names})(/|$)`;

/** Packages a worker rarely or never uses, imported on first use (rule rare-packages-on-first-use). */
const RARE_PACKAGES = [
  '@aws-sdk/client-sns',
  '@aws-sdk/client-rekognition',
  '@aws-sdk/client-sfn',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-sesv2',
  '@aws-sdk/client-secrets-manager',
  '@opensearch-project/opensearch',
  'openid-client',
].join('|');

// One rule per layer: nothing imports a layer above its own (the order of docs/architecture.md). The platform
// module is left to the next rule: the layers under it may import its type (decision 018).
const layerOrderRules = LAYERS.slice(1).map((layer, index) => {
  const above = LAYERS.slice(0, index + 1);
  return {
    name: `layer-order-${layer.name}`,
    severity: 'error',
    comment:
      `${layer.holds} (${layer.name}) sits below ${above.map((upper) => upper.name).join(', ')}: importing a ` +
      'layer above is an arrow back up the map (docs/architecture.md). Move the shared piece down a layer.',
    from: { path: layer.path, pathNot: TEST_FILE },
    to: { path: above.map((upper) => upper.path).filter((path) => path !== PLATFORM_MODULE) },
  };
});
const platformIndex = LAYERS.findIndex((layer) => layer.path === PLATFORM_MODULE);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerOrderRules,
    {
      name: 'platform-type-only-below-it',
      severity: 'error',
      comment:
        'The layers under the composition root (app/platform.server.ts) are handed the Platform and may import ' +
        'its type; building or fetching it (createPlatform, getPlatform) is for the runtime, routes, scripts ' +
        'and tests. The session guards are the one exception (docs/decisions/018-platform-context-type-and-session-guards.md).',
      from: {
        path: LAYERS.slice(platformIndex + 1).map((layer) => layer.path),
        pathNot: [TEST_FILE, SESSION_GUARDS],
      },
      to: { path: PLATFORM_MODULE, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'tests-in-their-homes',
      severity: 'error',
      comment:
        'A test sits beside what it tests, and a suite run against several implementations is a helper in ' +
        'test-support/ (docs/architecture.md, "Where tests live"): no __tests__/ or test/ folder, no *.behaviour.ts.',
      from: { path: ['(^|/)(__tests__|tests?)/', '\\.behaviour\\.tsx?$'], pathNot: '^test-support/' },
      to: {},
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle has no bottom layer: neither module can be understood, tested or loaded without the other, ' +
        'and module-initialisation order starts to matter. Move the shared part down a layer.',
      from: { path: '^(app|functions|cloudformation|scripts|test-support)/' },
      to: { circular: true },
    },
    {
      name: 'functions-and-infra-not-to-app',
      severity: 'error',
      comment:
        'Lambda bundles and the CloudFormation builders are built without the web app; anything both need ' +
        'belongs in functions/shared (alias @shared/*).',
      from: { path: '^(functions|cloudformation)/' },
      to: { path: '^app/' },
    },
    {
      name: 'shared-layer-self-contained',
      severity: 'error',
      comment:
        'functions/shared is the layer under both the app and every function: it may use npm packages and ' +
        'itself, never the app, a function, test-support, cloudformation or scripts.',
      from: { path: '^functions/shared/', pathNot: TEST_FILE },
      to: {
        pathNot: ['^functions/shared/', '(^|/)node_modules/'],
        dependencyTypesNot: ['core'],
        couldNotResolve: false,
      },
    },
    {
      name: 'function-not-to-other-function',
      severity: 'error',
      comment:
        'Each function is packaged on its own; code two functions need goes to functions/shared, ' +
        'otherwise one bundle silently drags in the other.',
      from: { path: '^functions/([^/]+)/', pathNot: '^functions/shared/' },
      to: { path: '^functions/[^/]+/', pathNot: ['^functions/$1/', '^functions/shared/'] },
    },
    {
      name: 'app-only-local-to-function-folders',
      severity: 'error',
      comment:
        "The app talks to a function through its contract and the shared layer; only app/local may import a function's " +
        'handler, to run it in-process as the local trigger (one code path, two triggers).',
      from: { path: '^app/', pathNot: '^app/local/' },
      to: { path: '^functions/', pathNot: '^functions/shared/' },
    },
    {
      name: 'routes-not-to-drivers',
      severity: 'error',
      comment:
        'Routes guard, parse, call a model or service, and respond: Sequelize, the AWS SDK, database drivers ' +
        'and sharp belong in app/models, app/services or functions/shared, where the query or call can be found and reused.',
      from: { path: '^app/routes/' },
      to: { path: NPM('sequelize|@aws-sdk/[^/]+|mysql2|sqlite3|sharp') },
    },
    {
      name: 'rare-packages-on-first-use',
      severity: 'error',
      comment:
        'Every process (the primary and each HTTP worker) loads the server bundle, and with it every package the app ' +
        'imports at the top. These are needed on rare paths only (on AWS) or never (locally): import their types with ' +
        '`import type` and their values with import() on first use, through functions/shared/aws-sdk-loaders.ts or ' +
        'loadOnce (docs/decisions/030-rare-aws-sdks-loaded-on-first-use.md).',
      from: { path: '^(app|functions)/', pathNot: TEST_FILE },
      to: { path: NPM(RARE_PACKAGES), dynamic: false, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'routes-not-to-db',
      severity: 'error',
      comment:
        'No route touches the database: the connection and migrations in app/db are for platform.server.ts and ' +
        'the models; a route calls a named query function in app/models/<entity>.server.ts.',
      from: { path: '^app/routes/' },
      to: { path: '^app/db/' },
    },
    {
      name: 'routes-not-to-schema',
      severity: 'error',
      comment:
        'The Sequelize model definitions are the models\u2019 private business; a route that imports them ends up ' +
        'writing queries. Type-only imports are allowed (they vanish at build time).',
      from: { path: '^app/routes/' },
      to: { path: '^app/db/schema\\.server\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'models-not-to-remix',
      severity: 'error',
      comment:
        'Models return plain objects and throw typed errors; Responses, redirects and sessions are the route\u2019s ' +
        'job, and a model free of Remix runs in scripts, functions and tests unchanged.',
      from: { path: '^app/models/' },
      to: { path: NPM('@remix-run/[^/]+') },
    },
    {
      name: 'components-not-to-server',
      severity: 'error',
      comment:
        'Components are UI only and ship to the browser; a *.server module in their graph either breaks the ' +
        'client build or leaks server code. Pass data in through props from the loader.',
      from: { path: '^app/components/' },
      to: { path: '\\.server\\.tsx?$' },
    },
    {
      name: 'test-support-only-from-tests',
      severity: 'error',
      comment:
        'test-support holds emulators, fixtures and fault injection; production code that imports it ships ' +
        'test helpers (and their dev dependencies). Only tests, test-support itself, benches and e2e may.',
      from: { pathNot: [TEST_FILE, '^test-support/', '^scripts/bench', '^e2e/'] },
      to: { path: '^test-support/' },
    },
    {
      name: 'production-not-to-test-files',
      severity: 'error',
      comment:
        'A test file runs its suite when imported; helpers shared by tests belong in test-support, not in a *.test.ts.',
      from: { pathNot: TEST_FILE },
      to: { path: TEST_FILE },
    },
    {
      name: 'route-folder-only-from-its-routes',
      severity: 'error',
      comment:
        'A file beside a route (app/routes/<prefix>/*) serves the routes of that prefix alone (<prefix>.tsx, ' +
        '<prefix>.*.tsx, its own folder). Code several routes need goes to app/utils, app/services or app/models.',
      from: { path: '^app/routes/([^./]+)' },
      to: { path: '^app/routes/[^/]+/', pathNot: '^app/routes/$1/' },
    },
    {
      name: 'route-folder-not-from-outside-routes',
      severity: 'error',
      comment:
        'A file beside a route serves that route alone; nothing outside app/routes may depend on it. Move shared ' +
        'code to app/utils, app/services or app/models.',
      from: { pathNot: '^app/routes/' },
      to: { path: '^app/routes/[^/]+/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Not node_modules: excluding it would drop every package from the graph and the package rules with it.
    exclude: { path: '^(build|public/build|\\.venv|\\.tmp)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Without this, `import type` disappears before cruising and type-only dependencies (and cycles) go unseen.
    tsPreCompilationDeps: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
