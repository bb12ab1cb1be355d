/**
 * The row serdes the runner encodes KAFKA-format records with: sql/formats' `createRowSerde`.
 * Kept in one place so the rest of sql/testing takes the factory as a parameter (unit tests pass
 * fakes).
 */
import { createRowSerde } from '../formats/create-row-serde.js';
import type { RowSerdeFactory } from './record-codec.js';

export const defaultRowSerdeFactory: RowSerdeFactory = createRowSerde;
