// The scenario's key parameters as the report shows them, read from the fully resolved scenario in
// manifest.json. The report reads files, not the schema module, so it can describe any batch folder,
// and a field it does not find is left out rather than guessed.

export interface PolicyRow {
  readonly agent: string; // e.g. "bank mufg (MUFG)", "US Treasury"
  readonly policy: string;
  readonly params: readonly (readonly [string, string])[];
}

export interface KeyParameters {
  readonly name?: string;
  readonly description?: string;
  readonly ticks?: number;
  readonly start?: string;
  readonly liquidityShare?: { readonly path: string; readonly value: string };
  readonly policies: readonly PolicyRow[];
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

export function keyParameters(scenario: unknown): KeyParameters {
  const s = isObj(scenario) ? scenario : {};
  return {
    name: typeof s.name === 'string' ? s.name : undefined,
    description: typeof s.description === 'string' ? s.description : undefined,
    ticks: typeof s.ticks === 'number' ? s.ticks : undefined,
    start: firstString(s, ['start', 'startDate', 'date0']),
    liquidityShare: findLiquidityShare(s),
    policies: [...bankPolicies(s.banks), ...agentPolicy('US Treasury', s.treasury), ...agentPolicy('Fed / FIMA', s.fed)],
  };
}

/** Parameter values as written in the scenario: numbers exactly (String), structures as compact JSON. */
export function showParam(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function bankPolicies(banks: unknown): PolicyRow[] {
  const entries: [string, unknown][] = Array.isArray(banks)
    ? banks.map((b, i) => [isObj(b) && typeof b.id === 'string' ? b.id : String(i), b])
    : isObj(banks) ? Object.entries(banks) : [];
  return entries.flatMap(([id, bank]) => {
    const label = isObj(bank) && typeof bank.label === 'string' && bank.label !== id ? ` (${bank.label})` : '';
    return agentPolicy(`bank ${id}${label}`, bank);
  });
}

function agentPolicy(agent: string, section: unknown): PolicyRow[] {
  const policy = isObj(section) && isObj(section.policy) ? section.policy : undefined;
  if (!policy || typeof policy.name !== 'string') return [];
  const params = Object.entries(policy)
    .filter(([k]) => k !== 'name')
    .map(([k, v]) => [k, showParam(v)] as const);
  return [{ agent, policy: policy.name, params }];
}

// The crypto channel's parameter: `liquidityShare` anywhere, else the schema's crypto.liquidity.tilt under the
// 'deposit-share' channel (the default) or crypto.liquidity.share under v1's 'reserves-inflow'.
function findLiquidityShare(s: Obj): KeyParameters['liquidityShare'] {
  const found = findKey(s, 'liquidityShare', '');
  if (found) return found;
  const liquidity = isObj(s.crypto) && isObj(s.crypto.liquidity) ? s.crypto.liquidity : undefined;
  if (liquidity && liquidity.channel !== 'reserves-inflow' && typeof liquidity.tilt === 'number') {
    return { path: 'crypto.liquidity.tilt', value: String(liquidity.tilt) };
  }
  if (liquidity && typeof liquidity.share === 'number') {
    return { path: 'crypto.liquidity.share', value: String(liquidity.share) };
  }
  return undefined;
}

function findKey(o: Obj, key: string, prefix: string): { path: string; value: string } | undefined {
  for (const [k, v] of Object.entries(o)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (k === key) return { path, value: showParam(v) };
    if (isObj(v)) {
      const inner = findKey(v, key, path);
      if (inner) return inner;
    }
  }
  return undefined;
}

function firstString(o: Obj, keys: readonly string[]): string | undefined {
  for (const k of keys) if (typeof o[k] === 'string') return o[k] as string;
  return undefined;
}
