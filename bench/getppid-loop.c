/*
 * The benchmark's workload: N getppid() calls through syscall(2) (no libc caching).
 * Prints nanoseconds per call twice: wall time (CLOCK_MONOTONIC) and the process's own
 * CPU time (CLOCK_PROCESS_CPUTIME_ID). Tracing programs run in the calling thread, so
 * their cost is in the CPU time, while time lost to other processes on a shared machine
 * is not.
 * Usage: getppid-loop N
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double ns(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	double wall = ns(CLOCK_MONOTONIC), cpu = ns(CLOCK_PROCESS_CPUTIME_ID);
	for (long i = 0; i < n; i++) syscall(SYS_getppid);
	wall = ns(CLOCK_MONOTONIC) - wall;
	cpu = ns(CLOCK_PROCESS_CPUTIME_ID) - cpu;
	printf("%.1f %.1f\n", wall / n, cpu / n);
	return 0;
}
