// dynalite and s3rver ship no types; app/local/emulators.server.ts narrows what it uses.
declare module 'dynalite';
declare module 's3rver';
