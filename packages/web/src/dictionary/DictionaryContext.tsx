import { createContext, type ReactNode, useContext, useMemo } from "react";
import { DICTIONARY_PATH } from "../api/paths.js";
import { useApi } from "../api/useApi.js";
import type { StudyDictionaryView } from "../apiTypes.js";
import { type DictionaryLookup, dictionaryLookup } from "./lookup.js";

const DictionaryContext = createContext<DictionaryLookup>(dictionaryLookup(null));

/** Loads the study dictionary once for the whole app; pages read labels through useDictionary(). */
export function DictionaryProvider({ children }: { children: ReactNode }) {
  const state = useApi<StudyDictionaryView>(DICTIONARY_PATH);
  const dictionary = state.status === "ok" ? state.data : null;
  const lookup = useMemo(() => dictionaryLookup(dictionary), [dictionary]);
  return <DictionaryContext.Provider value={lookup}>{children}</DictionaryContext.Provider>;
}

export function useDictionary(): DictionaryLookup {
  return useContext(DictionaryContext);
}
