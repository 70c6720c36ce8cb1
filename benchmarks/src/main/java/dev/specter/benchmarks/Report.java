package dev.specter.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the table rows and notes, and renders them as Markdown. */
final class Report {

	private final List<String[]> rows = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private final List<String[]> sections = new ArrayList<>();

	void row(String metric, String starter, String raw, String ratio, String target, String met) {
		this.rows.add(new String[] { metric, starter, raw, ratio, target, met });
	}

	/** A row whose target is starter ≤ maxRatio × raw. */
	void lowerIsBetter(String metric, double starter, double raw, double maxRatio, String format) {
		double ratio = starter / raw;
		row(metric, BenchmarkMain.fmt(format, starter), BenchmarkMain.fmt(format, raw),
				BenchmarkMain.fmt("%.3f×", ratio), String.format(Locale.ROOT, "≤ %.2f×", maxRatio),
				BenchmarkMain.met(ratio <= maxRatio));
	}

	/** A row whose target is starter ≥ minRatio × raw. */
	void higherIsBetter(String metric, double starter, double raw, double minRatio, String format) {
		double ratio = starter / raw;
		row(metric, BenchmarkMain.fmt(format, starter), BenchmarkMain.fmt(format, raw),
				BenchmarkMain.fmt("%.3f×", ratio), String.format(Locale.ROOT, "≥ %.2f×", minRatio),
				BenchmarkMain.met(ratio >= minRatio));
	}

	void note(String note) {
		this.notes.add(note);
	}

	void section(String title, String body) {
		this.sections.add(new String[] { title, body });
	}

	String markdown(String environment) {
		StringBuilder out = new StringBuilder();
		out.append("# Specter benchmarks: starter vs raw webrtc-java\n\n");
		out.append("Run: ").append(environment).append("\n\n");
		out.append("| metric | starter | raw | ratio | target | met? |\n");
		out.append("|---|---:|---:|---:|---|---|\n");
		for (String[] row : this.rows) {
			out.append("| ").append(String.join(" | ", row)).append(" |\n");
		}
		if (!this.notes.isEmpty()) {
			out.append('\n');
			for (String note : this.notes) {
				out.append("- ").append(note).append('\n');
			}
		}
		for (String[] section : this.sections) {
			out.append("\n## ").append(section[0]).append("\n\n").append(section[1]);
		}
		return out.toString();
	}

}
