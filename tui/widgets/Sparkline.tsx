import {Text} from 'ink';
import sparkly from 'sparkly';

interface Props {
	values: ReadonlyArray<number | null>;
	width: number;
	color?: string;
}

/** The newest `width` values as a sparkline; gaps (null) stay blank. */
export function Sparkline({values, width, color}: Props) {
	const shown = values.slice(-Math.max(1, width)).map(v => (v === null ? Number.NaN : v));
	if (shown.length === 0) return <Text> </Text>;
	const line = sparkly(shown, {minimum: 0});
	return <Text color={color}>{line}</Text>;
}
