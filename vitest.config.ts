import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		// Two workers on two cores. The integration and end-to-end tests wait for samples
		// and screens rather than for fixed times, so they tolerate sharing the machine.
		fileParallelism: true,
		maxWorkers: 2,
	},
});
