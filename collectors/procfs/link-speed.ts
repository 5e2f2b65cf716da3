/**
 * /sys/class/net/NAME/speed: the negotiated link speed in Mbit/s. Virtual and down
 * links give EINVAL on read (no text) or -1 (virtio, unknown): both mean "not known".
 */
export function parseLinkSpeed(text: string | undefined): number | null {
	const n = Number(text?.trim());
	return text !== undefined && text.trim() !== '' && Number.isSafeInteger(n) && n > 0 ? n : null;
}
