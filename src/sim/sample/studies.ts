// Built-in sampling studies (`fimasim sample --study NAME`): named lists of `--sample`s. The ranges and their sources
// are documented in docs/sensitivity.md; the values cite docs/calibration.md.

export interface Study {
  readonly name: string;
  readonly description: string;
  readonly samples: readonly string[];
  /** The outcome metrics the study is read for, in the report's order. */
  readonly outcomes: readonly string[];
}

export const STUDIES: readonly Study[] = [
  {
    name: 'thesis',
    description: "the thesis's uncertain links: how hard banks react to negative carry, Treasury market impact and dealer " +
      'capacity, whether the BOJ/MoF accepts, and how much new liquidity reaches crypto',
    samples: [
      // κ ≈ 0.15–0.20 per quarter per 1% of pressure [E] (calibration §7.1, sheet relation 2), every carry-threshold bank
      'banks.*.policy.kappa=uniform(0.15,0.2)',
      // λ, the stock effect: 0.012–0.06bp/$bn 10y-eq, QE-stock and foreign-official estimates scaled to a $27.8tn
      // market (Gagnon et al. 2011, Beltran et al. 2013 [S], calibration §3.2)
      'market.ust.permanentBpPerBn=uniform(0.012,0.06)',
      // the flow's transient part: 1–2× the stock effect (Beltran's short-run/long-run ratio 2–3; calibration §3.2)
      'market.ust.transientBpPerBn=uniform(0.02,0.1)',
      // dealer capacity $100–300bn [E] (calibration §3.2)
      'market.ust.dealerCapacity=uniform(100,300)',
      // how much the BOJ/MoF absorbs per unit of the Treasury's stated stress (policy 'objective', an assumption:
      // calibration §5.3): a quarter to four times the default 100
      'fed.policy.amountPerStress=loguniform(25,400)',
      // crypto's propensity to receive new dollars: half to twice the 9.5 that matches v1's share 0.27 (calibration §8.1)
      'crypto.liquidity.tilt=loguniform(4.75,19)',
    ],
    outcomes: ['btcReturn', 'ust10yPeak', 'netLiquidityChange'],
  },
];

export const studyNames = (): string[] => STUDIES.map((s) => s.name);
export const findStudy = (name: string): Study | undefined => STUDIES.find((s) => s.name === name);
