/**
 * Syscall and errno names for the recorded machine's architecture (from host facts, so
 * a replay names the calls of the machine it was recorded on).
 */
import {AARCH64_SYSCALLS, ERRNO_NAMES, X86_64_SYSCALLS} from './syscall-tables.js';

/** `uname -m` spellings and Node's `process.arch` spellings of the tables' machines. */
const TABLES: Readonly<Record<string, Readonly<Record<number, string>>>> = {
	x86_64: X86_64_SYSCALLS,
	x64: X86_64_SYSCALLS,
	amd64: X86_64_SYSCALLS,
	aarch64: AARCH64_SYSCALLS,
	arm64: AARCH64_SYSCALLS,
};

/** The syscall's name on `arch`, or `syscall_N` for a number (or architecture) not in the tables. */
export function syscallName(arch: string, nr: number): string {
	return TABLES[arch]?.[nr] ?? `syscall_${nr}`;
}

/** Whether names can be shown for `arch` at all (else every call is syscall_N). */
export const knownArch = (arch: string): boolean => arch in TABLES;

/** ENOENT for 2; `errno_N` for a number not in the table. */
export function errnoName(errno: number): string {
	return ERRNO_NAMES[errno] ?? `errno_${errno}`;
}
