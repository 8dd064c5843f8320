// The pure helpers of the Create instance page, for their tests (pages import the files).
export { pickGoldenReplacement } from "./pick-golden.js";
export type { GoldenPick } from "./pick-golden.js";
