# Task runner. Logic lives in environment/ and halo-lib; these targets only call it.
# HALO_SCALE=smoke|default|paper selects the experiment scale for `make reproduce`.
.PHONY: setup test reproduce notebooks bench clean help

help:
	@echo "make reproduce   set up, then run every notebook at the default scale and write results/"
	@echo "make test        set up, then run every test (JUnit, including the notebooks at smoke scale)"
	@echo "make setup       JDK 25 check, build halo-lib, Jupyter and the 'java' kernel (idempotent)"
	@echo "make bench       training/generation benchmark of HALO, HALO-Coarse, LSTM at the authors' timing shape (JSON lines, ~4 min)"

setup:
	@environment/setup

test: setup
	@environment/with-env mvn -B -ntp test

reproduce: setup
	@environment/run-notebooks --scale $${HALO_SCALE:-default} --in-place

bench: setup
	@./halo bench --paper-shape --epochs 10 --model halo,coarse,lstm

clean:
	rm -rf build halo-lib/target
