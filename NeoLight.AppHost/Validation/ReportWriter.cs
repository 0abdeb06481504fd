namespace NeoLight.AppHost.Validation;

/// <summary>The terminal side of the report: aligned tables, green/red only when writing to a terminal, a progress line during loads.</summary>
internal sealed class ReportWriter(TextWriter output)
{
    private readonly bool _color = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private readonly bool _live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
    private int _lastPercent = -1;

    private string Paint(string text, bool good) => _color ? $"{(good ? "\u001b[32m" : "\u001b[31m")}{text}\u001b[0m" : text;

    public void Section(string title)
    {
        output.WriteLine();
        output.WriteLine(_color ? $"\u001b[1m{title}\u001b[0m" : $"== {title}");
    }

    public void Checks(IEnumerable<CheckResult> checks)
    {
        foreach (var c in checks)
            output.WriteLine($"  {Paint(c.Passed ? "PASS" : "FAIL", c.Passed)}  {c.Service,-12} {c.Name,-32} {c.Detail}");
    }

    public Action<long> Progress(string name, int requests, TimeSpan? duration)
    {
        _lastPercent = -1;
        var started = DateTime.UtcNow;
        return done =>
        {
            var percent = duration is { } d
                ? (int)Math.Min(100, (DateTime.UtcNow - started) / d * 100)
                : (int)(done * 100 / Math.Max(1, requests));
            var step = _live ? 1 : 25;
            if (percent / step == _lastPercent / step) return;
            lock (this)
            {
                if (percent / step == _lastPercent / step) return;
                _lastPercent = percent;
                if (_live) output.Write($"\r  {name,-28} {new string('#', percent / 4),-25} {percent,3}% ({done} done)");
                else output.WriteLine($"  {name,-28} {percent,3}% ({done} done)");
            }
        };
    }

    public void EndProgress()
    {
        if (_live) output.Write("\r" + new string(' ', 80) + "\r");
    }

    public void Loads(IEnumerable<LoadResult> loads, ValidationThresholds limits)
    {
        output.WriteLine($"  {"endpoint",-28} {"req/s",9} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"errors",8}");
        foreach (var l in loads)
        {
            var ok = l.P99Ms <= limits.MaxP99Ms && l.ErrorRate <= limits.MaxErrorRate;
            var errors = l.Errors.Count == 0 ? "0" : string.Join(",", l.Errors.Select(e => $"{e.Key}×{e.Value}"));
            output.WriteLine($"  {l.Name,-28} {l.RequestsPerSecond,9:0} {l.P50Ms,8:0.00} {l.P90Ms,8:0.00} {Paint($"{l.P99Ms,8:0.00}", ok)} {l.MaxMs,8:0.00} {errors,8}");
        }
    }

    public void Resources(IEnumerable<ResourceResult> resources, ValidationThresholds limits)
    {
        Section("Resources");
        output.WriteLine($"  {"resource",-14} {"healthy after",14} {"RSS before",11} {"RSS after",10} {"CPU before",11} {"CPU after",10}");
        foreach (var r in resources)
        {
            var ok = r.After is not { } a || a.RssMegabytes <= limits.MaxRssMb;
            output.WriteLine($"  {r.Name,-14} {(r.SecondsToHealthy is { } s ? $"{s:0.00} s" : "-"),14} {Mb(r.Before),11} {Paint($"{Mb(r.After),10}", ok)} {Cpu(r.Before),11} {Cpu(r.After),10}");
        }
    }

    private static string Mb(ProcessUsage? u) => u is { } x ? $"{x.RssMegabytes:0} MB" : "n/a";
    private static string Cpu(ProcessUsage? u) => u is { } x ? $"{x.CpuSeconds:0.00} s" : "n/a";

    public void Verdict(ValidationReport report, string? path)
    {
        output.WriteLine();
        if (report.Passed) output.WriteLine(Paint($"PASSED: {report.Checks.Count} checks, {report.Loads.Count} loads within limits", true));
        else
        {
            output.WriteLine(Paint($"FAILED: {report.Failures.Count} problem(s)", false));
            foreach (var f in report.Failures) output.WriteLine($"  - {f}");
        }
        if (path is not null) output.WriteLine($"Report: {path}");
    }
}
