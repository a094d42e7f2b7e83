/**
 * A package imported on its first use and kept for the rest of the process. The app's one server bundle is loaded
 * by every process (the primary and each HTTP worker), and whatever it imports at the top is in every process's
 * memory from the start; a package that only a rare path needs is imported there instead
 * (docs/decisions/030-rare-aws-sdks-loaded-on-first-use.md). A failed import is kept too: a package that is not
 * installed stays missing, and each caller gets the same error.
 */
export function loadOnce<Module>(load: () => Promise<Module>): () => Promise<Module> {
  let loading: Promise<Module> | undefined;
  return () => {
    loading ??= load();
    return loading;
  };
}
