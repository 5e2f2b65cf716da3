/**
 * Failures the user can act on; the CLI prints their message as one line. A module of
 * its own so that any layer can throw one without loading the rest.
 */

/** A bad command line: exit 2. */
export class UsageError extends Error {}

/** What stops a command from running (no root, unreadable input …): exit 1. */
export class StartError extends Error {}

/** A recording that cannot be read, naming file:line: exit 1. */
export class RecordingError extends Error {}
