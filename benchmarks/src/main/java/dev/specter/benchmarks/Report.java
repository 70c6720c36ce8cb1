package dev.specter.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
		out.append(body());
		return out.toString();
	}

	/** The table, the notes and the sections, without a title. */
	String body() {
		StringBuilder out = new StringBuilder();
		if (!this.rows.isEmpty()) {
			out.append("| metric | starter | raw | ratio | target | met? |\n");
			out.append("|---|---:|---:|---:|---|---|\n");
			for (String[] row : this.rows) {
				out.append("| ").append(String.join(" | ", row)).append(" |\n");
			}
		}
		if (!this.notes.isEmpty()) {
			out.append('\n');
			for (String note : this.notes) {
				out.append("- ").append(note).append('\n');
			}
		}
		for (String[] section : this.sections) {
			out.append("\n### ").append(section[0]).append("\n\n").append(section[1]);
		}
		return out.toString();
	}

	/**
	 * One row per metric that has a ratio: for each condition, the median ratio over the
	 * rounds with its range, and in how many rounds the target was met.
	 */
	static String summary(List<String> conditions, List<List<Report>> byCondition) {
		Map<String, String[]> first = new LinkedHashMap<>();
		for (List<Report> reports : byCondition) {
			for (Report report : reports) {
				for (String[] row : report.rows) {
					first.putIfAbsent(key(row[0]), row);
				}
			}
		}
		StringBuilder out = new StringBuilder("| metric | target |");
		StringBuilder rule = new StringBuilder("|---|---|");
		for (String condition : conditions) {
			out.append(' ').append(condition).append(": ratio, median [range] | met |");
			rule.append("---:|---|");
		}
		out.append('\n').append(rule).append('\n');
		for (Map.Entry<String, String[]> entry : first.entrySet()) {
			String[] template = entry.getValue();
			out.append("| ").append(template[0].replaceAll("; raw with the rule [0-9.]+", "")).append(" | ");
			out.append(template[4]).append(" |");
			for (List<Report> reports : byCondition) {
				List<Double> ratios = new ArrayList<>();
				int met = 0;
				int rounds = 0;
				for (Report report : reports) {
					for (String[] row : report.rows) {
						if (key(row[0]).equals(entry.getKey())) {
							rounds++;
							double ratio = ratio(row[3]);
							if (!Double.isNaN(ratio)) {
								ratios.add(ratio);
							}
							if (row[5].equals("yes")) {
								met++;
							}
						}
					}
				}
				if (ratios.isEmpty()) {
					out.append(template[5].equals("—") ? " — | — |" : " — | " + met + " of " + rounds + " |");
					continue;
				}
				ratios.sort(null);
				int n = ratios.size();
				double median = (n % 2 == 1) ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
				out.append(
						String.format(Locale.ROOT, " %.2f× [%.2f–%.2f] |", median, ratios.get(0), ratios.get(n - 1)));
				out.append(template[5].equals("—") ? " — |" : " " + met + " of " + rounds + " |");
			}
			out.append('\n');
		}
		return out.toString();
	}

	/** A metric's text with its figures blanked, to match the same row across rounds. */
	private static String key(String metric) {
		return metric.replaceAll("[0-9][0-9.,]*", "#");
	}

	private static double ratio(String cell) {
		String text = cell.trim();
		if (!text.endsWith("×")) {
			return Double.NaN;
		}
		try {
			return Double.parseDouble(text.substring(0, text.length() - 1));
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

}
