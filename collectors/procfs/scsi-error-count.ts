/**
 * /sys/block/NAME/device/ioerr_cnt: the SCSI midlayer's count of commands that completed
 * with an error, in hex (`0x1d`). Only SCSI-attached disks (sd*) have it; virtio-blk and
 * NVMe expose no per-device error counter in /sys.
 */
export function parseHexCounter(text: string | undefined): number | null {
	const trimmed = text?.trim() ?? '';
	if (!/^0x[0-9a-f]+$/i.test(trimmed)) return null;
	const n = Number.parseInt(trimmed.slice(2), 16);
	return Number.isSafeInteger(n) ? n : null;
}
