package dev.specter.benchmarks;

import java.util.Arrays;

/** A growable array of long samples (nanoseconds) with nearest-rank percentiles. */
final class Samples {

	private long[] values = new long[256];

	private int size;

	synchronized void add(long value) {
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.size * 2);
		}
		this.values[this.size++] = value;
	}

	synchronized int size() {
		return this.size;
	}

	synchronized void clear() {
		this.size = 0;
	}

	/** Nearest-rank percentile, p in [0, 100]; NaN when empty. */
	synchronized double percentile(double p) {
		if (this.size == 0) {
			return Double.NaN;
		}
		long[] sorted = Arrays.copyOf(this.values, this.size);
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	double median() {
		return percentile(50);
	}

	synchronized double mean() {
		if (this.size == 0) {
			return Double.NaN;
		}
		double sum = 0;
		for (int i = 0; i < this.size; i++) {
			sum += this.values[i];
		}
		return sum / this.size;
	}

}
