-- pgbench script of the raw single-row insert ceiling (npm run bench:delivery, phase 0):
-- one row, one commit, per transaction.
INSERT INTO bench_raw_insert (payload) VALUES ('raw single-row insert');
