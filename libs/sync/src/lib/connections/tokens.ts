/** The validated config every provider of a run is built from. */
export const TIDEMARK_CONFIG = Symbol('TidemarkConfig');
/** The object store (S3) the config names: `ObjectStore` from @tidemark/object-store. */
export const OBJECT_STORE = Symbol('ObjectStore');
