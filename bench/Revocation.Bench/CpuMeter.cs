using System.Diagnostics;
using System.Globalization;

namespace Revocation.Bench;

/// <summary>
/// CPU time spent by named processes (each with its descendants) between <see cref="Start"/> and <see cref="Stop"/>, read
/// from /proc (Linux): on a 2-core machine shared by the pipeline, Azurite and the provider, who was busy during a timed
/// phase says what bounds it. Empty where /proc is not there.
/// </summary>
internal sealed class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly IReadOnlyList<(string Name, int Pid)> _processes;
    private Dictionary<string, double> _start = [];
    private readonly Stopwatch _wall = new();

    public CpuMeter(params (string Name, int Pid)[] processes) => _processes = processes;

    public void Start()
    {
        _start = Sample();
        _wall.Restart();
    }

    /// <summary>Prints <c>{prefix}.cpu.{name}: seconds s</c> per process and the wall time's share of two cores.</summary>
    public void Stop(string prefix)
    {
        var end = Sample();
        var wall = _wall.Elapsed.TotalSeconds;
        _wall.Stop();
        if (end.Count == 0) return;
        var total = 0.0;
        foreach (var (name, _) in _processes)
        {
            var used = end.GetValueOrDefault(name) - _start.GetValueOrDefault(name);
            total += used;
            Output.Line($"{prefix}.cpu.{name}", Math.Round(used, 2), "s");
        }
        Output.Line($"{prefix}.cpu.busy_cores", Math.Round(total / wall, 2), $"of {Environment.ProcessorCount}");
    }

    /// <summary>CPU seconds used so far by one process (its threads, not its children); null where /proc is not there.</summary>
    public static double? CpuSeconds(int pid) => ReadStat($"/proc/{pid}/stat")?.Cpu;

    /// <summary>The parent and the CPU seconds (user + system) from a /proc/PID/stat file; null if it cannot be read.</summary>
    private static (int Parent, double Cpu)? ReadStat(string path)
    {
        try
        {
            var stat = File.ReadAllText(path);
            // pid (comm) state ppid ... utime(14) stime(15): comm may hold spaces, so fields count from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture),
                (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null; // the process ended while being read
        }
    }

    private Dictionary<string, double> Sample()
    {
        if (!Directory.Exists("/proc/self")) return [];
        var parents = new Dictionary<int, int>();
        var cpu = new Dictionary<int, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || ReadStat(Path.Combine(dir, "stat")) is not { } stat) continue;
            parents[pid] = stat.Parent;
            cpu[pid] = stat.Cpu;
        }
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        // Each process counts for the nearest named one above it (itself included): Azurite and the OAuth server are the
        // bench's children, and counted apart from it.
        var named = _processes.ToDictionary(p => p.Pid, p => p.Name);
        foreach (var (pid, used) in cpu)
        {
            if (OwnerOf(pid, named, parents) is { } name) result[name] = result.GetValueOrDefault(name) + used;
        }
        return result;
    }

    private static string? OwnerOf(int pid, Dictionary<int, string> named, Dictionary<int, int> parents)
    {
        for (var current = pid; current > 1; current = parents.GetValueOrDefault(current))
        {
            if (named.TryGetValue(current, out var name)) return name;
        }
        return null;
    }
}
