// The store the connector consumes (connector/src/store, owned by the store helper) and a loose row view
// for code that reads records field by field.
import type { SphereStore } from '../store';

export type StorePort = SphereStore;
export type Row = Record<string, unknown>;

/** Records are plain objects; reading them by field name needs the index view. */
export const asRow = (record: object): Row => record as Row;
