// The liquidity channel's timing rule (issue 15 item 2, the TGA-noise part): known values, the v1 off switch, and
// the total that passes.
import { describe, expect, it } from 'vitest';
import { createLiquidityChannel, liquidityInflow } from '../../src/market/liquidity-channel.js';
import { loadScenario } from '../../src/sim/scenario/load.js';

describe('liquidity channel', () => {
  it('null half-life: each day\'s change passes at once, times share, exactly', () => {
    const c = createLiquidityChannel({ share: 0.27, halfLife: null });
    expect(liquidityInflow(c, 100)).toBe(0.27 * 100);
    expect(liquidityInflow(c, -3.3)).toBe(0.27 * -3.3);
  });

  it('a half-life spreads a change: half of the first day\'s share at the half-life, by hand', () => {
    const c = createLiquidityChannel({ share: 0.5, halfLife: 1 });
    expect(liquidityInflow(c, 100)).toBeCloseTo(0.5 * 50, 12); // S = 0.5·0 + 0.5·100
    expect(liquidityInflow(c, 0)).toBeCloseTo(0.5 * 25, 12); // S = 0.5·50 + 0.5·100 = 75
  });

  it('passes the same total in the end: a lasting change fully, a swing that reverses nothing, and at most 3% of it a day', () => {
    const lasting = createLiquidityChannel({ share: 0.27, halfLife: 21 });
    let total = liquidityInflow(lasting, 100);
    for (let t = 0; t < 2000; t++) total += liquidityInflow(lasting, 0);
    expect(total).toBeCloseTo(27, 9);
    const swing = createLiquidityChannel({ share: 0.27, halfLife: 21 });
    const day1 = liquidityInflow(swing, 100), day2 = liquidityInflow(swing, -100);
    expect(day1).toBeCloseTo(0.27 * 100 * (1 - 2 ** (-1 / 21)), 12); // 3.2% of the v1 channel's 27
    expect(day2).toBeCloseTo(-(1 - 2 ** (-1 / 21)) * day1, 12);
    let net = day1 + day2;
    for (let t = 0; t < 2000; t++) net += liquidityInflow(swing, 0);
    expect(net).toBeCloseTo(0, 9);
  });

  it('defaults to 21 ticks; --set accepts null', () => {
    expect(loadScenario('smoke').scenario.crypto.liquidity.halfLife).toBe(21);
    expect(loadScenario('smoke', ['crypto.liquidity.halfLife=null']).scenario.crypto.liquidity.halfLife).toBeNull();
  });
});
