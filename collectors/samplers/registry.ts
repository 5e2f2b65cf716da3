/** Every sampler by the name a SamplerSpec gives. Adding a sampler: its module, and one line here. */
import {hostFacts} from './host-facts.js';
import {hostLoad} from './host-load.js';
import type {SamplerFactory} from './sampler.js';
import {useSampler} from './use.js';

export const samplers: Readonly<Record<string, SamplerFactory>> = {
	'host-facts': hostFacts,
	'host-load': hostLoad,
	use: useSampler,
};
