import React from 'react';
import {Text} from 'ink';
import {safeText} from '../source/safety/terminal-text.js';

interface Props {
	paneTitle: string;
	color: string | undefined;
	/** When this changes (a new sample), a failed view gets another try. */
	resetKey: unknown;
	children: React.ReactNode;
}

/** A pane that fails to render shows its error in its own place; the app goes on. */
export class PaneErrorBoundary extends React.Component<Props, {error: Error | null}> {
	override state = {error: null as Error | null};

	static getDerivedStateFromError(error: Error) {
		return {error};
	}

	override componentDidUpdate(previous: Props) {
		if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({error: null});
	}

	override render() {
		if (this.state.error) {
			return <Text color={this.props.color}>{safeText(`${this.props.paneTitle} pane failed: ${this.state.error.message}`)}</Text>;
		}
		return this.props.children;
	}
}
