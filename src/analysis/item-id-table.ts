/**
 * One table indexed by item id (the telemetry's ITEM_IDS), shared by every alignment of item
 * counts: matching two arms' items, or a look's items to a judge's known ones, is then an index
 * instead of a hash lookup on a string. Holds 0 everywhere between calls: a caller writes only
 * the ids it looks up, within one synchronous call, and zeroes them before it returns.
 */
import { ITEM_IDS } from '../telemetry/item-ids.js';

let table = new Int32Array(1024);

/** The table, long enough for every id given so far. */
export function itemIdTable(): Int32Array {
  if (table.length < ITEM_IDS.size) {
    let length = table.length;
    while (length < ITEM_IDS.size) length *= 2;
    table = new Int32Array(length);
  }
  return table;
}
