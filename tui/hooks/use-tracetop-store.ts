import {createContext, useContext} from 'react';
import {useStore} from 'zustand';
import type {TracetopActions, TracetopState, TracetopStore} from '../../source/store/store.js';

export const StoreContext = createContext<TracetopStore | null>(null);

/** Select from the session's store; selectors that build objects need useShallow. */
export function useTracetopStore<T>(selector: (state: TracetopState & TracetopActions) => T): T {
	const store = useContext(StoreContext);
	if (!store) throw new Error('useTracetopStore outside <StoreContext.Provider>');
	return useStore(store, selector);
}
