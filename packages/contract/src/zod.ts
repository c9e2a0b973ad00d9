import { z as zod } from 'zod';

/**
 * Zod compiles object validators with `new Function` where a page allows it, and probes for that whenever a schema is
 * made. Under a strict Content-Security-Policy (no 'unsafe-eval', as Portico's own pages send and many hosts do) the
 * probe is reported as a violation in every page that uses these schemas. They are small: interpreting them costs
 * little, so they never try.
 */
zod.config({ jitless: true });

/**
 * The zod every schema module takes, so the setting above comes before any schema is made. A binding of this module's
 * own, not a re-export: bundlers then keep this module (and its setting) wherever a schema is bundled, and leave zod
 * out where none is (the elements use only the zod-free modules).
 */
export import z = zod;
