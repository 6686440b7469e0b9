/**
 * An award line's live stock is spread over at most this many rows of strategy_award_stock
 * (migration 20261202000000_award_stock_slots, whose CHECK holds the same bound), so that
 * concurrent wins of one award lock different rows. A line gets one slot per unit of its count
 * up to this bound, and at least one.
 */
export const AWARD_STOCK_SLOTS = 16;
