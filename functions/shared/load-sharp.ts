/**
 * sharp, loaded on first use. The app's one server bundle carries the photo function's code (for the local photo
 * runner) and the pages that make images, so importing sharp at the top loaded libvips into every web worker at
 * start (about 8 MiB of RSS) although a worker uses it only for an upload or a chart download
 * (docs/decisions/025-worker-memory.md). In the photo function the first call pays the load, as the import did.
 */
import type SharpModule from 'sharp';

export type Sharp = typeof SharpModule;

let loading: Promise<Sharp> | undefined;

export function loadSharp(): Promise<Sharp> {
  loading ??= import('sharp').then((module) => module.default);
  return loading;
}
