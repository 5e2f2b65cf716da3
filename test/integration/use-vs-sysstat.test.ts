/**
 * The USE pane's figures against sysstat over the same window: CPU utilization with
 * `mpstat` under one busy core, disk utilization with `iostat -x` under a dd to disk.
 * The sampler is read just before sysstat starts and just after it exits, and its lines
 * go through the pane's reducer, so both measure the same seconds of the same machine
 * (which other work shares: the agreement is what is tested, not the load).
 */
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {expect, it} from 'vitest';
import {useSampler} from '../../collectors/samplers/use.js';
import {useToJson} from '../../source/models/use-json.js';
import {accumulateUse, beginUse, finishUse} from '../../source/models/use-sample.js';
import {startLoad} from '../support/load.js';
import {describeWhen} from '../support/requirements.js';

const WINDOW_SEC = 5;

function sysstatMissing(): string | undefined {
	try {
		execFileSync('sh', ['-c', 'command -v mpstat && command -v iostat'], {stdio: 'ignore'});
		return undefined;
	} catch {
		return 'sysstat (mpstat, iostat) not installed';
	}
}

/** Run `cmd` between two sampler readings and return its output and the pane's JSON for that window. */
async function alongside(cmd: string, args: string[]) {
	const sampler = useSampler({intervalSec: WINDOW_SEC});
	sampler.read();
	const child = spawn(cmd, args, {env: {...process.env, LC_ALL: 'C', S_TIME_FORMAT: 'ISO'}, stdio: ['ignore', 'pipe', 'inherit']});
	let out = '';
	child.stdout.on('data', (d: Buffer) => (out += d.toString()));
	await new Promise<void>((resolve, reject) => {
		child.on('error', reject);
		child.on('exit', code => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`))));
	});
	const lines = sampler.read();
	let acc = beginUse();
	for (const line of lines) {
		const {type, data} = JSON.parse(line) as {type: string; data: unknown};
		acc = accumulateUse(acc, {type: 'reading', kind: type, data});
	}
	return {out, use: useToJson(finishUse(acc, 0))};
}

/** The whole disk holding `dir` (its partition's parent), from st_dev and /sys/dev/block. */
function diskOf(dir: string): string | undefined {
	const dev = fs.statSync(dir).dev;
	const majorMinor = `${Math.floor(dev / 256) & 0xfff}:${(dev & 0xff) | ((dev >> 12) & 0xfff00)}`;
	try {
		const target = fs.realpathSync(`/sys/dev/block/${majorMinor}`);
		return fs.existsSync(path.join(target, 'partition')) ? path.basename(path.dirname(target)) : path.basename(target);
	} catch {
		return undefined;
	}
}

describeWhen(sysstatMissing(), 'USE pane against sysstat', () => {
	it(`CPU utilization agrees with mpstat within 5 points under one busy core (${WINDOW_SEC} s)`, async () => {
		const load = startLoad(1, 0);
		try {
			const {out, use} = await alongside('mpstat', ['-P', 'ALL', String(WINDOW_SEC), '1']);
			// Average:     all   %usr %nice %sys %iowait %irq %soft %steal %guest %gnice %idle
			const all = out.split('\n').find(l => /^Average:\s+all\s/.test(l))!.trim().split(/\s+/);
			const mpstatBusy = 100 - Number(all[11]) - Number(all[5]);
			const ours = use.cpu!.utilization! * 100;
			console.log(`USE CPU utilization ${ours.toFixed(1)}% (user ${(use.cpu!.raw!.user! * 100).toFixed(1)}%), mpstat ${mpstatBusy.toFixed(1)}% (usr+nice ${(Number(all[2]) + Number(all[3])).toFixed(1)}%)`);
			expect(mpstatBusy).toBeGreaterThan(45);
			expect(Math.abs(ours - mpstatBusy)).toBeLessThanOrEqual(5);
			// The split too, which still differs when other work fills the machine to 100%.
			const mpstatUser = Number(all[2]) + Number(all[3]);
			expect(Math.abs(use.cpu!.raw!.user! * 100 - mpstatUser)).toBeLessThanOrEqual(5);
			// Per CPU too, each within the same bound.
			for (const cpu of use.cpu!.perCpu) {
				const line = out.split('\n').find(l => new RegExp(`^Average:\\s+${cpu.cpu}\\s`).test(l))!.trim().split(/\s+/);
				expect(Math.abs(cpu.utilization! * 100 - (100 - Number(line[11]) - Number(line[5])))).toBeLessThanOrEqual(5);
			}
		} finally {
			load.stop();
		}
	}, 30_000);

	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-use-'));
	const disk = diskOf(dir);
	fs.rmSync(dir, {recursive: true, force: true});
	it.skipIf(disk === undefined)(`disk utilization agrees with iostat -x within 10 points under dd (${WINDOW_SEC} s; skipped where the temp dir is on no block device)`, async () => {
		const target = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-use-'));
		// Direct I/O, so the writes reach the disk during the window rather than the page cache.
		const dd = spawn('dd', ['if=/dev/zero', `of=${path.join(target, 'dd')}`, 'bs=1M', 'count=4096', 'oflag=direct'], {stdio: 'ignore'});
		try {
			await new Promise(resolve => setTimeout(resolve, 500));
			const {out, use} = await alongside('iostat', ['-d', '-x', '-y', disk!, String(WINDOW_SEC), '1']);
			const lines = out.split('\n');
			const header = lines.find(l => /^Device\s/.test(l))!.trim().split(/\s+/);
			const row = lines.find(l => l.startsWith(`${disk} `) || l.startsWith(`${disk}\t`))!.trim().split(/\s+/);
			const iostatUtil = Number(row[header.indexOf('%util')]);
			const ours = use.disks[disk!]!.utilization! * 100;
			console.log(`USE ${disk} utilization ${ours.toFixed(1)}%, iostat %util ${iostatUtil.toFixed(1)}%`);
			expect(iostatUtil).toBeGreaterThan(20);
			expect(Math.abs(ours - iostatUtil)).toBeLessThanOrEqual(10);
		} finally {
			dd.kill('SIGKILL');
			fs.rmSync(target, {recursive: true, force: true});
		}
	}, 30_000);
});
