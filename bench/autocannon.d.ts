// autocannon ships no types; the bench uses a few of its options (see bench/draw.bench.ts).
declare module "autocannon";
