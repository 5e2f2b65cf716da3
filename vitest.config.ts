import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		// Integration and end-to-end tests start real bpftrace and tmux; running them
		// side by side on two cores would skew the timings they compare.
		fileParallelism: true,
		maxWorkers: 2,
	},
});
