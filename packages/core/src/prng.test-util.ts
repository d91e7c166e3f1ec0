export { mulberry32 } from '@parley/testing/prng';
