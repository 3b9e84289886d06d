package dev.ghostline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Resident memory and CPU time of server processes, from /proc. */
public final class ProcStats {
    /** Linux reports CPU times in clock ticks; 100 per second on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** VmRSS of a process, in KiB. */
    public static long residentKiB(long pid) {
        return parseVmRss(read(Path.of("/proc", Long.toString(pid), "status")));
    }

    /** User plus system CPU seconds consumed so far by all the processes together. */
    public static double cpuSeconds(List<Long> pids) {
        double total = 0;
        for (long pid : pids) {
            total += parseCpuTicks(read(Path.of("/proc", Long.toString(pid), "stat"))) / TICKS_PER_SECOND;
        }
        return total;
    }

    static long parseVmRss(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException("no VmRSS line");
    }

    /** utime + stime: fields 14 and 15 of /proc/PID/stat, counted after the parenthesised command name. */
    static long parseCpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
