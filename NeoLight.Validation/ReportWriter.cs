using Spectre.Console;

namespace NeoLight.Validation;

/// <summary>
/// The screen side of the report (Spectre.Console): tables, green/red and a live progress bar on a terminal; the same tables
/// without borders or colour, and progress at every quarter, when the output is a file, a pipe or a resource log.
/// </summary>
internal sealed class ReportWriter
{
    private readonly IAnsiConsole _console;
    private readonly bool _terminal;

    public ReportWriter(TextWriter output)
    {
        _terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var colour = _terminal && Environment.GetEnvironmentVariable("NO_COLOR") is null;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = _terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = _terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        // A log has no width: wide enough that no row wraps.
        if (!_terminal) _console.Profile.Width = 200;
    }

    public void Section(string title)
    {
        _console.WriteLine();
        if (_terminal) _console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
        else _console.WriteLine($"== {title}");
    }

    public void Checks(IEnumerable<CheckResult> checks)
    {
        var table = NewTable("", "service", "check", "detail");
        foreach (var c in checks)
            table.AddRow(Judged(c.Passed ? "PASS" : "FAIL", c.Passed), Cell(c.Service), Cell(c.Name), Cell(c.Detail));
        _console.Write(table);
    }

    /// <summary>Runs <paramref name="load"/> under a progress bar fed by the count of answers (or, by time, in duration mode).</summary>
    public async Task<T> WithProgressAsync<T>(string name, int requests, TimeSpan? duration, Func<Action<long>, Task<T>> load)
    {
        var progress = _console.Progress().AutoClear(_terminal).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn());
        return await progress.StartAsync(async context =>
        {
            var task = context.AddTask(Markup.Escape(name), maxValue: 100);
            var started = DateTime.UtcNow;
            var result = await load(done => task.Value = duration is { } d
                ? Math.Min(100, (DateTime.UtcNow - started) / d * 100)
                : Math.Min(100, done * 100.0 / Math.Max(1, requests)));
            task.Value = 100;
            return result;
        });
    }

    public void Loads(IEnumerable<LoadResult> loads, ValidationThresholds limits)
    {
        var table = NewTable("endpoint", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors");
        foreach (var i in Enumerable.Range(1, 6)) table.Columns[i].RightAligned();
        foreach (var l in loads)
        {
            var ok = l.P99Ms <= limits.MaxP99Ms && l.ErrorRate <= limits.MaxErrorRate;
            var errors = l.Errors.Count == 0 ? "0" : string.Join(",", l.Errors.Select(e => $"{e.Key}×{e.Value}"));
            table.AddRow(Cell(l.Name), Cell($"{l.RequestsPerSecond:0}"), Cell($"{l.P50Ms:0.00}"), Cell($"{l.P90Ms:0.00}"),
                Judged($"{l.P99Ms:0.00}", ok), Cell($"{l.MaxMs:0.00}"), Cell(errors));
        }
        _console.Write(table);
    }

    public void Resources(IEnumerable<ResourceResult> resources, ValidationThresholds limits)
    {
        Section("Resources");
        var table = NewTable("resource", "healthy after", "RSS before", "RSS after", "CPU before", "CPU after");
        foreach (var i in Enumerable.Range(1, 5)) table.Columns[i].RightAligned();
        foreach (var r in resources)
        {
            var ok = r.After is not { } a || a.RssMegabytes <= limits.MaxRssMb;
            table.AddRow(Cell(r.Name), Cell(r.SecondsToHealthy is { } s ? $"{s:0.00} s" : "-"), Cell(Mb(r.Before)),
                Judged(Mb(r.After), ok),
                Cell(Cpu(r.Before)), Cell(Cpu(r.After)));
        }
        _console.Write(table);
    }

    public void Verdict(ValidationReport report, string? path)
    {
        _console.WriteLine();
        if (report.Passed)
            _console.Write(Judged($"PASSED: {report.Checks.Count} checks, {report.Loads.Count} loads within limits", true));
        else
        {
            _console.Write(Judged($"FAILED: {report.Failures.Count} problem(s)", false));
            _console.WriteLine();
            foreach (var f in report.Failures) _console.WriteLine($"  - {f}");
        }
        _console.WriteLine();
        if (path is not null) _console.WriteLine($"Report: {path}");
    }

    private Table NewTable(params string[] headers)
    {
        var table = new Table { Border = _terminal ? TableBorder.Rounded : TableBorder.None };
        foreach (var h in headers) table.AddColumn(new TableColumn(Markup.Escape(h)) { NoWrap = true });
        return table;
    }

    private static Text Cell(string text) => new(text);

    /// <summary>Text in green when it passed, red when it failed (plain without colour).</summary>
    private static Text Judged(string text, bool good) => new(text, new Style(good ? Color.Green : Color.Red));

    private static string Mb(ProcessUsage? u) => u is { } x ? $"{x.RssMegabytes:0} MB" : "n/a";
    private static string Cpu(ProcessUsage? u) => u is { } x ? $"{x.CpuSeconds:0.00} s" : "n/a";
}
