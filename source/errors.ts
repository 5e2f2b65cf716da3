/**
 * Failures the user can act on: the CLI prints their message as one line and exits 1.
 * A module of its own so that every command can throw one without loading the rest.
 */
export class StartError extends Error {}
