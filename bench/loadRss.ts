/**
 * Child process of the `runtime.load.peak_rss_ratio` figure: loads (reads and fully validates,
 * commitment included) the package in the folder given as argument and prints, as JSON, the RSS
 * before loading and the peak RSS after it, in bytes. Run in a fresh process so nothing else has
 * touched the heap.
 */
import { readModelPackage } from '../oracle/src/node/readModelPackage';
import { BYTES_PER_ELEMENT } from '../oracle/src/runtime';

const dir = process.argv[2];
if (!dir) throw new Error('usage: loadRss.ts <package dir>');
const before = process.memoryUsage().rss;
const pkg = readModelPackage(dir);
const peak = process.resourceUsage().maxRSS * 1024;
const paramsBytes = pkg.params.reduce((n, t) => n + t.rows * t.cols * BYTES_PER_ELEMENT[t.dtype], 0);
console.log(JSON.stringify({ before, peak, paramsBytes, modelHash: pkg.manifest.commitment.modelHash }));
