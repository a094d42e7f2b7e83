/** Limits shared by the upload check in the app and the photo function. */

/** Larger than any phone camera (about 50 MP, the same limit as the photo function); a decompression bomb declares far more. */
export const PHOTO_MAX_INPUT_PIXELS = 50_000_000;
