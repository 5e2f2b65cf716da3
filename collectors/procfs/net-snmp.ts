/**
 * /proc/net/snmp and /proc/net/netstat: pairs of lines per protocol, names then values:
 *
 *   Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens … RetransSegs InErrs …
 *   Tcp: 1 200 120000 -1 133 …
 *
 * Returns protocol → field → value. Some values are negative by design (MaxConn -1).
 */
export type SnmpTable = Map<string, Map<string, number>>;

export function parseSnmp(text: string): SnmpTable {
	const table: SnmpTable = new Map();
	const lines = text.split('\n');
	for (let i = 0; i + 1 < lines.length; i++) {
		const names = lines[i]!.trim().split(/\s+/);
		const values = lines[i + 1]!.trim().split(/\s+/);
		const proto = names[0];
		if (!proto?.endsWith(':') || values[0] !== proto || names.length !== values.length) continue;
		const row = new Map<string, number>();
		for (let j = 1; j < names.length; j++) {
			const v = Number(values[j]);
			if (Number.isSafeInteger(v)) row.set(names[j]!, v);
		}
		table.set(proto.slice(0, -1), row);
		i++;
	}
	return table;
}
