import { type CartaConfig, openStore, type Store, systemClock } from "@carta/engine";

/** Opens the configured store for one command and always closes it. */
export async function withStore<T>(config: CartaConfig, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    now: systemClock,
  });
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}
