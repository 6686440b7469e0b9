-- Raised by the draw statement (draw-ledger.pg-repository.ts, RECORD_DRAW) when it passed over a
-- stock slot that another draw held locked while that slot may still have stock: the draw is rolled
-- back whole, as PostgreSQL rolls back a serialization failure, and the service runs it again.
-- A draw waits for at most one slot lock, before it holds any other, so draws never deadlock on
-- slots: this is what they do instead of waiting behind a second lock.
--
-- The body is an escape string with the semicolon PL/pgSQL needs written as \073: Prisma's pg
-- driver adapter runs a migration as the pieces between semicolons, wherever they stand (also in
-- comments and quoted bodies).
CREATE FUNCTION "draw_slots_busy"() RETURNS boolean LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION USING ERRCODE = ''40001'', MESSAGE = ''draw passed over a stock slot held by another draw, run it again''\073 END'
