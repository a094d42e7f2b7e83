// dynalite and s3rver ship no types; functions/shared/local/emulators.ts narrows what it uses.
declare module 'dynalite';
declare module 's3rver';
