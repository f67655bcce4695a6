// The statistics layer of batches, comparisons and sensitivity studies: pure functions of arrays in run-index order.
export { QUANTILE_METHOD, quantilesSorted, quantilesUnsorted, summarize, type Summary } from './describe.js';
export { wilson, Z_95, type Proportion } from './wilson.js';
export { chain, chainUnconditional, type ChainRow, type ChainStep, type ChainThresholds } from './chain.js';
export { pairedDifference, PAIRED_METHOD, type PairedDifference } from './paired.js';
export {
  ksTwoSample,
  mannWhitney,
  unpairedDifference,
  KS_METHOD,
  MANN_WHITNEY_METHOD,
  WELCH_METHOD,
  type KsTwoSample,
  type MannWhitney,
  type UnpairedDifference,
} from './unpaired.js';
export {
  binnedFirstOrder,
  prcc,
  prccWithBootstrap,
  PRCC_BOOTSTRAP_SEED,
  type PrccBootstrapOptions,
  type PrccInterval,
} from './prcc.js';
export { lhsPermutation, lhsSeedKey, lhsUnit } from './lhs.js';
export { tCdf, tQuantile } from './student-t.js';
export { averageRanks } from './rank.js';
export {
  centralInterval,
  chiSquareSurvival,
  covers,
  crpsEnsemble,
  crpsEnsembleSorted,
  crpsEnsembleFairSorted,
  crpsLogNormal,
  crpsNormal,
  crpsRandomWalk,
  crpsSkill,
  gammaQ,
  MIN_TRAILING_CHANGES,
  pitHistogram,
  pitSorted,
  pitUniformity,
  trailingChangeSd,
  type PitUniformity,
} from './forecast-scores.js';
