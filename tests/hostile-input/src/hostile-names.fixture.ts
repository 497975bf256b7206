import { CEILING_ALIAS } from '@tidemark/cdc';
import { WAREHOUSE_GENERATED_NAMES } from '@tidemark/warehouse';
import { VERIFY_GENERATED_NAMES } from '@tidemark/verify';

/** Every name Tidemark's generated SQL uses that a table or column could share, taken from the code that writes it. */
export const HOSTILE_NAMES = [...new Set([...WAREHOUSE_GENERATED_NAMES, CEILING_ALIAS, ...VERIFY_GENERATED_NAMES])];
