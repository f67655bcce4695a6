import { z } from 'zod';
import { isValidIsoDate } from '../sim/calendar.js';

export const isoDateSchema = z.string().refine(isValidIsoDate, { message: 'expected a date as YYYY-MM-DD' });

/**
 * A user's own policy module. In a scenario file the user writes `{ "name": "./my-policy.mjs", ...params }`; the
 * loader rewrites it to this canonical form (module path resolved against the scenario file) before validation, and
 * the module's own schema validates `params` when the module is loaded.
 */
export const customPolicySchema = z.strictObject({
  name: z.literal('custom'),
  module: z.string().regex(/\.m?js$/, 'a .js or .mjs file'),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type CustomPolicyParams = z.infer<typeof customPolicySchema>;
export const isCustomPolicyName = (name: unknown): name is string => typeof name === 'string' && /\.m?js$/.test(name);
