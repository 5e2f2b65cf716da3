import {Text} from 'ink';
import sparkly from 'sparkly';

interface Props {
	values: ReadonlyArray<number | null>;
	width: number;
	color?: string;
	/** Top of the scale (e.g. 1 for shares), larger values drawn full; without it the largest value shown. */
	maximum?: number;
}

/** The newest `width` values as a sparkline; gaps (null) stay blank. */
export function Sparkline({values, width, color, maximum}: Props) {
	const shown = values.slice(-Math.max(1, width)).map(v => (v === null ? Number.NaN : maximum === undefined ? v : Math.min(v, maximum)));
	if (shown.length === 0) return <Text> </Text>;
	const line = sparkly(shown, maximum === undefined ? {minimum: 0} : {minimum: 0, maximum});
	return <Text color={color}>{line}</Text>;
}
