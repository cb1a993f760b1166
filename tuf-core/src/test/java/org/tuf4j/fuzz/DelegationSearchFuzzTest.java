package org.tuf4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.TufException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.testing.RepositorySimulator;

/**
 * Differential fuzzing of the delegation search (TUF spec §5.6.7): a delegation graph generated
 * from the input — path patterns with {@code *} and {@code ?}, {@code path_hash_prefixes},
 * terminating delegations, diamonds where two delegators delegate one role name with different
 * keys, cycles, names that differ only in case, TAP 15 succinct hash bins, one key for several
 * roles, roles re-signed by a key no delegator lists, a case-insensitive metadata directory — is
 * published with {@link RepositorySimulator} and searched with
 * {@link Updater#getTargetInfo}, then compared with {@link Model}, a direct transcription of
 * §5.6.7 kept deliberately naive: the same outcome (found by which role through which chain /
 * not found / which exception) and the same delegated roles visited in the same order, read
 * from the simulator's request log (a fresh updater fetches each role it visits once). The
 * same searches through one long-lived updater, whose trusted set caches roles across
 * searches, must give the same outcomes.
 */
class DelegationSearchFuzzTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  /** Role names, some differing only in case, one percent-encoded, one with a slash. */
  private static final String[] NAMES = {"a", "A", "b", "B", "c", "d", "é", "x/y", "a b"};
  private static final String SEGMENT_CHARS = "abx.";
  private static final String PATTERN_CHARS = "abx.*?";

  @FuzzTest(maxDuration = "10m")
  void delegationSearch(FuzzedDataProvider data) throws Exception {
    int maxDelegations = data.consumeInt(1, 8);
    boolean caseInsensitive = data.consumeBoolean();
    RepositorySimulator sim = RepositorySimulator.builder().now(NOW).build();
    Model model = new Model();
    List<String> roles = new ArrayList<>(List.of("targets"));
    Map<String, Signer> signers = new HashMap<>();
    List<String> targetPaths = new ArrayList<>();
    int bins = 0;
    int steps = data.consumeInt(0, 14);
    for (int step = 0; step < steps; step++) {
      int action = data.consumeInt(0, 9);
      String delegator = data.pickValue(roles);
      if (action <= 5) {
        String child = data.consumeBoolean() || roles.size() == 1 ? data.pickValue(NAMES)
            : data.pickValue(roles.subList(1, roles.size()));
        boolean terminating = data.consumeBoolean();
        int kind = data.consumeInt(0, 2);
        Optional<List<String>> paths = Optional.empty();
        Optional<List<String>> prefixes = Optional.empty();
        if (kind == 0) {
          List<String> p = new ArrayList<>();
          for (int i = data.consumeInt(1, 3); i > 0; i--) {
            p.add(pattern(data));
          }
          paths = Optional.of(p);
        } else if (kind == 1) {
          List<String> p = new ArrayList<>();
          for (int i = data.consumeInt(1, 2); i > 0; i--) {
            p.add(HexFormat.of().toHexDigits(data.consumeByte()).substring(data.consumeInt(0, 1)));
          }
          prefixes = Optional.of(p);
        }
        if (model.succinct.containsKey(delegator) || model.delegates(delegator, child)) {
          continue;
        }
        boolean exists = model.signingKey.containsKey(child);
        Signer key;
        if (exists) {
          // a second delegation to the role: with the key that signs it, or with another
          key = data.consumeBoolean() ? signers.get(model.signingKey.get(child)) : sim.newSigner();
        } else if (roles.size() > 1 && data.consumeInt(0, 3) == 0) {
          // a new role signed by the key of another (one key for several roles is common)
          key = signers.get(model.signingKey.get(data.pickValue(roles.subList(1, roles.size()))));
        } else {
          key = sim.newSigner();
        }
        String keyId = RepositorySimulator.keyIdOf(key);
        signers.put(keyId, key);
        DelegatedRole role = new DelegatedRole(child, List.of(keyId), 1,
            Optional.of(terminating), paths, prefixes, Map.of());
        if (!exists) {
          sim.addDelegation(delegator, role, Map.of(keyId, key));
          model.signingKey.put(child, keyId);
          roles.add(child);
        } else {
          sim.updateTargets(delegator, t -> RepositorySimulator.withDelegation(t, role, keyId,
              RepositorySimulator.keyOf(key)));
        }
        model.edges.computeIfAbsent(delegator, r -> new ArrayList<>()).add(new Edge(child, keyId,
            terminating, paths.orElse(null), prefixes.orElse(null)));
      } else if (action == 6) {
        if (model.edges.containsKey(delegator) || model.succinct.containsKey(delegator)
            || roles.size() > 16) {
          continue;
        }
        int bitLength = data.consumeInt(1, 3);
        String prefix = "h" + bins++;
        Signer key = sim.delegateSuccinct(delegator, bitLength, prefix);
        String keyId = RepositorySimulator.keyIdOf(key);
        signers.put(keyId, key);
        model.succinct.put(delegator, new Bins(bitLength, prefix, keyId));
        for (int i = 0; i < 1 << bitLength; i++) {
          String bin = Model.binName(prefix, bitLength, i);
          model.signingKey.put(bin, keyId);
          roles.add(bin);
        }
      } else if (action == 7) {
        if (roles.size() == 1) {
          continue;
        }
        String victim = data.pickValue(roles.subList(1, roles.size()));
        Signer stranger = sim.newSigner();
        signers.put(RepositorySimulator.keyIdOf(stranger), stranger);
        sim.signWith(victim, stranger);
        model.signingKey.put(victim, RepositorySimulator.keyIdOf(stranger));
      } else {
        String role = data.pickValue(roles);
        String path = !targetPaths.isEmpty() && data.consumeBoolean()
            ? data.pickValue(targetPaths) : path(data);
        sim.addTarget(role, path, path.getBytes(StandardCharsets.UTF_8));
        model.targets.computeIfAbsent(role, r -> new LinkedHashSet<>()).add(path);
        targetPaths.add(path);
      }
    }
    sim.publish();

    List<String> queries = new ArrayList<>();
    for (int i = data.consumeInt(1, 3); i > 0; i--) {
      queries.add(!targetPaths.isEmpty() && data.consumeBoolean() ? data.pickValue(targetPaths)
          : path(data));
    }
    UpdaterConfig config = UpdaterConfig.builder().maxDelegations(maxDelegations)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    try (FileSystem fs = Jimfs.newFileSystem(caseInsensitive ? Configuration.osX()
        : Configuration.unix())) {
      Updater shared = updater(sim, config, fs, "shared");
      shared.refresh();
      int n = 0;
      for (String query : queries) {
        Model.Search expected = model.search(query, maxDelegations);
        Updater fresh = updater(sim, config, fs, "fresh" + n++);
        fresh.refresh();
        sim.clearRequests();
        String outcome = outcome(fresh, query);
        List<String> visited = new ArrayList<>();
        for (String request : sim.requests()) {
          visited.add(roleOf(request));
        }
        String graph = "\ngraph: " + model + "\nquery: " + query + ", maxDelegations "
            + maxDelegations;
        assertEquals(expected.outcome(), outcome, "outcome" + graph);
        assertEquals(expected.visited(), visited, "delegated roles visited" + graph);
        assertEquals(expected.outcome(), outcome(shared, query), "shared updater" + graph);
      }
    }
  }

  private static Updater updater(RepositorySimulator sim, UpdaterConfig config, FileSystem fs,
      String dir) throws Exception {
    return Updater.builder()
        .metadataDir(fs.getPath("/" + dir, "metadata"))
        .metadataBaseUrl(RepositorySimulator.uri("metadata/"))
        .targetBaseUrl(RepositorySimulator.uri("targets/"))
        .targetDir(fs.getPath("/" + dir, "targets"))
        .trustedRoot(sim.trustedRootBytes())
        .fetcher(sim.fetcher())
        .config(config)
        .build();
  }

  private static String outcome(Updater updater, String query) throws Exception {
    try {
      Optional<TargetInfo> info = updater.getTargetInfo(query);
      return info.map(t -> "found " + t.path() + " in " + t.signingRole() + " via "
          + t.delegationChain()).orElse("not found");
    } catch (TufException e) {
      return e.getClass().getSimpleName();
    }
  }

  /** The role a request for {@code metadata/N.ROLE.json} fetched. */
  private static String roleOf(String request) {
    String file = request.substring("metadata/".length(), request.length() - ".json".length());
    return URLDecoder.decode(file.substring(file.indexOf('.') + 1), StandardCharsets.UTF_8);
  }

  private static String path(FuzzedDataProvider data) {
    List<String> segments = new ArrayList<>();
    for (int i = data.consumeInt(1, 3); i > 0; i--) {
      StringBuilder s = new StringBuilder();
      for (int j = data.consumeInt(1, 3); j > 0; j--) {
        s.append(SEGMENT_CHARS.charAt(data.consumeInt(0, SEGMENT_CHARS.length() - 1)));
      }
      String seg = s.toString();
      // "." and ".." segments make a target path malformed: not what this test is about.
      segments.add(seg.equals(".") || seg.equals("..") ? "x" + seg : seg);
    }
    return String.join("/", segments);
  }

  private static String pattern(FuzzedDataProvider data) {
    List<String> segments = new ArrayList<>();
    for (int i = data.consumeInt(1, 3); i > 0; i--) {
      StringBuilder s = new StringBuilder();
      for (int j = data.consumeInt(0, 3); j > 0; j--) {
        s.append(PATTERN_CHARS.charAt(data.consumeInt(0, PATTERN_CHARS.length() - 1)));
      }
      segments.add(s.toString());
    }
    return String.join("/", segments);
  }

  /** One delegation: {@code paths} or {@code prefixes} (or neither), not both. */
  record Edge(String child, String keyId, boolean terminating, List<String> paths,
      List<String> prefixes) {}

  /** Succinct hash bins (TAP 15) sharing one key. */
  record Bins(int bitLength, String prefix, String keyId) {}

  /** The repository as the test built it, and §5.6.7 over it. */
  static final class Model {
    final Map<String, List<Edge>> edges = new LinkedHashMap<>();
    final Map<String, Bins> succinct = new LinkedHashMap<>();
    /** The one key whose signature each delegated role carries. */
    final Map<String, String> signingKey = new LinkedHashMap<>();
    final Map<String, Set<String>> targets = new LinkedHashMap<>();

    boolean delegates(String delegator, String child) {
      return edges.getOrDefault(delegator, List.of()).stream().anyMatch(e -> e.child.equals(child));
    }

    record Search(String outcome, List<String> visited) {}

    /** Thrown through the recursion: the search ends with this outcome. */
    private static final class End extends Exception {
      final String outcome;

      End(String outcome) {
        super(outcome, null, false, false);
        this.outcome = outcome;
      }
    }

    /**
     * §5.6.7, recursively: pre-order depth first from the top-level targets; a role visited
     * before is skipped; once maxDelegations delegated roles were visited the search gives up
     * (not found); a role that lists the target answers; otherwise its matching delegations are
     * searched in order, and after a terminating one nothing else is.
     */
    Search search(String path, int maxDelegations) {
      List<String> visited = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      String outcome;
      try {
        visit("targets", null, List.of("targets"), path, maxDelegations, seen, visited);
        outcome = "not found";
      } catch (End end) {
        outcome = end.outcome;
      }
      return new Search(outcome, visited);
    }

    /** Returns normally to go on with the next delegation of the caller. */
    private void visit(String role, Edge via, List<String> chain, String path, int max,
        Set<String> seen, List<String> visited) throws End {
      if (seen.contains(role)) {
        return;
      }
      if (seen.size() - 1 >= max && via != null) {
        throw new End("not found"); // the most roles visited: give up
      }
      seen.add(role);
      if (via != null) {
        visited.add(role);
        // Trust per delegation: the key this delegator assigns must have signed the role.
        if (!via.keyId.equals(signingKey.get(role))) {
          throw new End(ThresholdNotMetException.class.getSimpleName());
        }
      }
      if (targets.getOrDefault(role, Set.of()).contains(path)) {
        throw new End("found " + path + " in " + role + " via " + chain);
      }
      Bins bins = succinct.get(role);
      if (bins != null) {
        String bin = binName(bins.prefix, bins.bitLength, binIndex(path, bins.bitLength));
        visit(bin, new Edge(bin, bins.keyId, false, null, null), append(chain, bin), path, max,
            seen, visited);
        return;
      }
      for (Edge e : edges.getOrDefault(role, List.of())) {
        if (matches(e, path)) {
          visit(e.child, e, append(chain, e.child), path, max, seen, visited);
          if (e.terminating) {
            throw new End("not found");
          }
        }
      }
    }

    private static List<String> append(List<String> chain, String role) {
      List<String> c = new ArrayList<>(chain);
      c.add(role);
      return c;
    }

    static boolean matches(Edge e, String path) {
      if (e.paths != null) {
        String[] pathSegments = path.split("/", -1);
        for (String pattern : e.paths) {
          String[] patternSegments = pattern.split("/", -1);
          boolean all = patternSegments.length == pathSegments.length;
          for (int i = 0; all && i < pathSegments.length; i++) {
            all = glob(patternSegments[i], 0, pathSegments[i], 0);
          }
          if (all) {
            return true;
          }
        }
        return false;
      }
      if (e.prefixes != null) {
        String digest = HexFormat.of().formatHex(sha256(path));
        return e.prefixes.stream().anyMatch(digest::startsWith);
      }
      return false;
    }

    /** fnmatch within one segment: '*' any run, '?' any one character. */
    private static boolean glob(String p, int i, String s, int j) {
      if (i == p.length()) {
        return j == s.length();
      }
      char c = p.charAt(i);
      if (c == '*') {
        for (int k = j; k <= s.length(); k++) {
          if (glob(p, i + 1, s, k)) {
            return true;
          }
        }
        return false;
      }
      return j < s.length() && (c == '?' || c == s.charAt(j)) && glob(p, i + 1, s, j + 1);
    }

    static int binIndex(String path, int bitLength) {
      byte[] d = sha256(path);
      int first = 0;
      for (int i = 0; i < 4; i++) {
        first = first << 8 | (d[i] & 0xff);
      }
      return first >>> (32 - bitLength);
    }

    static String binName(String prefix, int bitLength, int index) {
      int digits = (bitLength + 3) / 4;
      String hex = Integer.toHexString(index);
      return prefix + "-" + "0".repeat(digits - hex.length()) + hex;
    }

    private static byte[] sha256(String path) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String toString() {
      return "edges " + edges + ", bins " + succinct + ", signed by " + signingKey.keySet()
          .stream().map(r -> r + "=" + signingKey.get(r).substring(0, 6)).toList()
          + ", targets " + targets;
    }
  }
}
