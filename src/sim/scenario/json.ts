// The shape of a scenario document before validation: plain JSON.
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
