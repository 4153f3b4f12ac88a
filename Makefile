# Task runner. Logic lives in environment/ and halo-lib; these targets only call it.
# HALO_SCALE=smoke|default|paper selects the experiment scale for `make reproduce`.
.PHONY: setup test reproduce notebooks bench clean help

help:
	@echo "make reproduce   set up, then run every notebook at the default scale and write results/"
	@echo "make test        set up, then run every test (JUnit, including the notebooks at smoke scale)"
	@echo "make setup       JDK 25 check, build halo-lib, Jupyter and the 'java' kernel (idempotent)"
	@echo "make bench       training/generation benchmark of HALO, HALO-Coarse, LSTM on the embedded real cohort (JSON lines, ~10-15 min;"
	@echo "                 BENCH_ARGS='--compare ref.jsonl' prints the ratios against a saved run of an earlier commit)"

setup:
	@environment/setup

test: setup
	@environment/with-env mvn -B -ntp test

reproduce: setup
	@environment/run-notebooks --scale $${HALO_SCALE:-default} --in-place

bench: setup
	@echo "bench: datasets/default (real records), the authors' timing shape: embedding 256, 4 layers, 4 heads, 48 rows, batch 48,"
	@echo "       lr 1e-4, 3 epochs, then 512 records generated in batches of 256; PyTorch's default threads; one JSON line per model"
	@./halo bench --model halo,coarse,lstm --epochs 3 $${BENCH_ARGS:-}

clean:
	rm -rf build halo-lib/target
