// Preloaded into tracetop by bench/footprint.mjs (node --import): once a second, the
// event loop's worst delay and p99 over that second and the RSS, one JSON line each to
// $BENCH_PROBE_OUT. Benchmark-only; the product never loads it.
import fs from 'node:fs';
import {monitorEventLoopDelay} from 'node:perf_hooks';

const out = process.env.BENCH_PROBE_OUT;
if (out) {
	const histogram = monitorEventLoopDelay({resolution: 10});
	histogram.enable();
	const start = performance.now();
	setInterval(() => {
		const line = {
			t: Math.round((performance.now() - start) / 1000),
			maxMs: histogram.max / 1e6,
			p99Ms: histogram.percentile(99) / 1e6,
			rssMiB: process.memoryUsage.rss() / 2 ** 20,
		};
		histogram.reset();
		fs.appendFileSync(out, JSON.stringify(line) + '\n');
	}, 1000).unref();
}
