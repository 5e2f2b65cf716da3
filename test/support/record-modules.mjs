// Preloaded with `node --import`: registers a loader hook that appends every module URL
// the process loads to $TRACETOP_MODULES_OUT, so tests can see what a command loads.
import {register} from 'node:module';

register('./record-modules-hooks.mjs', import.meta.url, {data: {out: process.env.TRACETOP_MODULES_OUT}});
