/** What the app's local runtime imports: the same logic the Lambda handler runs. */
export {
  processS3Event,
  processS3Record,
  DEFAULT_LIMITS,
  RENDITION_CACHE_CONTROL,
  PhotoInProgressError,
} from './process-photo';
export type { PhotoOutcome, PhotoProcessorDeps, PhotoLimits } from './process-photo';
export { normaliseS3rverEvent } from './s3rver-event';
