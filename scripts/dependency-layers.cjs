// The layers of docs/architecture.md, top to bottom: a module may import its own layer and the layers below it,
// never one above. One table for the dependency-cruiser rules (.dependency-cruiser.cjs, one rule per layer) and
// for the layer map that scripts/layer-arrows.ts draws from the imports. CommonJS because dependency-cruiser
// loads its configuration with require().

/** @type {Array<{ name: string, path: string, holds: string }>} */
const LAYERS = [
  { name: 'entry', path: '^app/(root|entry\\.server)\\.tsx$', holds: "Remix's document and server entries" },
  { name: 'runtime', path: '^app/runtime/', holds: 'the server process: primary, workers, reindex' },
  { name: 'routes', path: '^app/routes/', holds: 'loaders, actions and their pages' },
  { name: 'components', path: '^app/components/', holds: 'UI shared by pages' },
  {
    name: 'platform',
    path: '^app/platform\\.server\\.ts$',
    holds: 'the composition root: builds the stores, engines and clients',
  },
  { name: 'subscribers', path: '^app/subscribers/', holds: 'reactions to domain events' },
  { name: 'workflow', path: '^app/workflow/', holds: 'the verification workflow: engines and steps' },
  { name: 'local', path: '^app/local/', holds: 'the local runtime: emulators, in-process photo function, seed' },
  { name: 'services', path: '^app/services/', holds: 'work across stores, the outbox writer and its subscriptions' },
  { name: 'auth', path: '^app/auth/', holds: 'passwords, credentials, CSRF, the cookie session, OIDC providers' },
  { name: 'models', path: '^app/models/', holds: 'named queries on the database and the DynamoDB items' },
  { name: 'search', path: '^app/search/', holds: 'the search index adapters (embedded, OpenSearch)' },
  { name: 'db', path: '^app/db/', holds: 'the connection, the table definitions, migrations' },
  { name: 'i18n', path: '^app/i18n/', holds: 'languages, message catalogues, formats by locale' },
  { name: 'config', path: '^app/config/', holds: 'the environment, parsed once' },
  { name: 'utils', path: '^app/utils/', holds: 'small helpers with no app imports' },
  { name: 'function', path: '^functions/(?!shared/)[^/]+/', holds: 'one Lambda each' },
  { name: 'shared', path: '^functions/shared/', holds: 'the shared layer (@shared): contracts, clients, logger' },
];

/**
 * The one arrow up the map allows: the composition root's `Platform` type, the context every layer is handed
 * (docs/decisions/018-platform-context-type-and-session-guards.md). A type-only import vanishes at build time.
 */
const PLATFORM_MODULE = '^app/platform\\.server\\.ts$';

/** The session guards read this process's platform (same decision record): the one value import of it below. */
const SESSION_GUARDS = '^app/auth/user-session\\.server\\.ts$';

/** Tests import their subject and its helpers from anywhere; they are not part of a layer. */
const TEST_FILE = '\\.(test|spec)\\.tsx?$';

/** The layer a repository-relative path belongs to, or undefined (tests, scripts, test-support, packages). */
function layerOf(path) {
  if (new RegExp(TEST_FILE).test(path)) return undefined;
  return LAYERS.find((layer) => new RegExp(layer.path).test(path))?.name;
}

module.exports = { LAYERS, PLATFORM_MODULE, SESSION_GUARDS, TEST_FILE, layerOf };
