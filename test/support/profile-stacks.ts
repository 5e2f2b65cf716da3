/** Hand-made profile stacks for model and view tests. */
import type {Frame, ProfileStack} from '../../source/models/profile.js';

export const kernelFrame = (name: string): Frame => ({name, kernel: true, module: ''});

export const userFrame = (name: string, module: string): Frame => ({name, kernel: false, module});

/** A stack whose id, like bpftrace's map key, names its process and frames. */
export const stack = (comm: string, pid: number, frames: readonly Frame[], count: number): ProfileStack => ({
	id: `${pid};${comm};${frames.map(f => f.name).join(';')}`,
	comm,
	pid,
	frames,
	count,
});
