package org.tuf4j.metadata;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PATHPATTERN matching (TUF spec §4.5): shell-style {@code *} and {@code ?} that never match the
 * path separator {@code /}, so {@code a/*} covers {@code a/x} but not {@code a/x/y}. Iterative,
 * linear in practice: no regular expressions built from attacker-controlled patterns.
 */
final class PathPatterns {
  private PathPatterns() {}

  static boolean matches(String pattern, String path) {
    int p = 0;
    int s = 0;
    int starP = -1;
    int starS = -1;
    while (s < path.length()) {
      char c = path.charAt(s);
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        starP = p++;
        starS = s;
      } else if (p < pattern.length() && (pattern.charAt(p) == c
          || (pattern.charAt(p) == '?' && c != '/'))) {
        p++;
        s++;
      } else if (starP >= 0 && path.charAt(starS) != '/') {
        // let the last '*' absorb one more character, but never a '/'
        p = starP + 1;
        s = ++starS;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /** The most states {@link #overlap} explores before it answers "perhaps" (true). */
  private static final int MAX_STATES = 200_000;

  /**
   * Whether some path matches at least one pattern of every list: a breadth-first search over
   * the product of the patterns' automata ({@code *} loops on any character but {@code /},
   * {@code ?} consumes one, any other character itself). Answers true when the product is too
   * large to explore, so a caller refusing on false never refuses a delegation that can apply.
   */
  static boolean overlap(List<List<String>> patternLists) {
    if (patternLists.isEmpty()) {
      return true;
    }
    List<String[]> levels = new ArrayList<>();
    for (List<String> list : patternLists) {
      if (list.isEmpty()) {
        return false; // no pattern: nothing matches this level
      }
      levels.add(list.toArray(String[]::new));
    }
    // A state is, per level, which pattern and how far into it: two ints per level.
    Deque<int[]> queue = new ArrayDeque<>();
    Set<List<Integer>> seen = new HashSet<>();
    enqueueStarts(levels, 0, new int[2 * levels.size()], queue, seen);
    while (!queue.isEmpty()) {
      if (seen.size() > MAX_STATES) {
        return true;
      }
      int[] state = queue.poll();
      int symbol = skipStarsAndPickSymbol(levels, state, queue, seen);
      if (symbol == ACCEPTING) {
        return true;
      }
      if (symbol != BLOCKED) {
        step(levels, state, (char) symbol, queue, seen);
      }
    }
    return false;
  }

  /** {@link #skipStarsAndPickSymbol}: every level is at the end of its pattern. */
  private static final int ACCEPTING = -1;
  /** {@link #skipStarsAndPickSymbol}: two levels need different literal characters next. */
  private static final int BLOCKED = -2;

  /**
   * Offers, for each level at a {@code *}, the state that skips it, and picks the character all
   * levels consume next: the literal one of them needs, else any character but {@code /}.
   *
   * @return that character, or {@link #ACCEPTING} or {@link #BLOCKED}
   */
  private static int skipStarsAndPickSymbol(List<String[]> levels, int[] state,
      Deque<int[]> queue, Set<List<Integer>> seen) {
    boolean accepting = true;
    Character forced = null;
    boolean blocked = false;
    for (int i = 0; i < levels.size(); i++) {
      String pattern = levels.get(i)[state[2 * i]];
      int pos = state[2 * i + 1];
      if (pos < pattern.length()) {
        accepting = false;
        char c = pattern.charAt(pos);
        if (c == '*') {
          int[] skip = state.clone();
          skip[2 * i + 1]++;
          offer(skip, queue, seen);
        } else if (c != '?') {
          if (forced != null && forced != c) {
            blocked = true;
          }
          forced = c;
        }
      }
    }
    if (accepting) {
      return ACCEPTING;
    }
    if (blocked) {
      return BLOCKED;
    }
    return forced != null ? forced : 'a'; // any character but '/' will do
  }

  /** Offers the state every level reaches by consuming {@code symbol}, when they all can. */
  private static void step(List<String[]> levels, int[] state, char symbol, Deque<int[]> queue,
      Set<List<Integer>> seen) {
    int[] next = state.clone();
    for (int i = 0; i < levels.size(); i++) {
      String pattern = levels.get(i)[state[2 * i]];
      int pos = state[2 * i + 1];
      if (pos >= pattern.length()) {
        return;
      }
      char c = pattern.charAt(pos);
      if (c == '*' || c == '?') {
        if (symbol == '/') {
          return;
        }
        next[2 * i + 1] = c == '*' ? pos : pos + 1;
      } else {
        next[2 * i + 1] = pos + 1; // c == symbol: a literal forced it
      }
    }
    offer(next, queue, seen);
  }

  private static void enqueueStarts(List<String[]> levels, int level, int[] state,
      Deque<int[]> queue, Set<List<Integer>> seen) {
    if (level == levels.size()) {
      offer(state.clone(), queue, seen);
      return;
    }
    for (int j = 0; j < levels.get(level).length; j++) {
      state[2 * level] = j;
      state[2 * level + 1] = 0;
      enqueueStarts(levels, level + 1, state, queue, seen);
      if (seen.size() > MAX_STATES) {
        return;
      }
    }
  }

  private static void offer(int[] state, Deque<int[]> queue, Set<List<Integer>> seen) {
    List<Integer> key = new ArrayList<>(state.length);
    for (int v : state) {
      key.add(v);
    }
    if (seen.add(key)) {
      queue.add(state);
    }
  }
}
