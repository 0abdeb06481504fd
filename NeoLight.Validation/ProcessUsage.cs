namespace NeoLight.Validation;

/// <summary>Resident memory and CPU time of a process, read from /proc (Linux); null where it cannot be read.</summary>
public readonly record struct ProcessUsage(double RssMegabytes, double CpuSeconds)
{
    public static ProcessUsage? Of(int? pid)
    {
        if (pid is not { } p || !OperatingSystem.IsLinux()) return null;
        try
        {
            var status = File.ReadAllLines($"/proc/{p}/status");
            var rssKb = status.Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
                .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])).FirstOrDefault();
            var stat = File.ReadAllText($"/proc/{p}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after "pid (comm)"; in clock ticks (100 Hz on Linux).
            var ticks = double.Parse(fields[11]) + double.Parse(fields[12]);
            return new ProcessUsage(Math.Round(rssKb / 1024, 1), Math.Round(ticks / 100.0, 2));
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
