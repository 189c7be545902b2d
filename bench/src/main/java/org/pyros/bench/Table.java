package org.pyros.bench;

import java.util.ArrayList;
import java.util.List;

/** A result table, printed as aligned text and written as Markdown. */
final class Table {
  final String title;
  final String note;
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String title, String note, String... header) {
    this.title = title;
    this.note = note;
    this.header = List.of(header);
  }

  void add(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(String.valueOf(c));
    }
    rows.add(r);
  }

  String text() {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], i < r.size() ? r.get(i).length() : 0);
      }
    }
    StringBuilder b = new StringBuilder("== ").append(title).append('\n');
    line(b, header, w);
    for (List<String> r : rows) {
      line(b, r, w);
    }
    return b.toString();
  }

  private static void line(StringBuilder b, List<String> cells, int[] w) {
    for (int i = 0; i < w.length; i++) {
      String c = i < cells.size() ? cells.get(i) : "";
      b.append(i == 0 ? String.format("%-" + w[i] + "s", c) : String.format("  %" + w[i] + "s", c));
    }
    b.append('\n');
  }

  String markdown() {
    StringBuilder b = new StringBuilder("## ").append(title).append("\n\n");
    if (!note.isEmpty()) {
      b.append(note).append("\n\n");
    }
    b.append("| ").append(String.join(" | ", header)).append(" |\n|");
    for (int i = 0; i < header.size(); i++) {
      b.append(i == 0 ? "---|" : "---:|");
    }
    b.append('\n');
    for (List<String> r : rows) {
      b.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    return b.append('\n').toString();
  }
}
