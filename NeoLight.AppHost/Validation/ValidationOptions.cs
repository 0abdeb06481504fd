using System.Globalization;

namespace NeoLight.AppHost.Validation;

/// <summary>
/// <c>validate [--requests N] [--concurrency C] [--duration 10s] [--target NAME=URL ...] [--report PATH]
/// [--max-p99-ms X] [--max-error-rate X] [--max-rss-mb X]</c>.
/// </summary>
public sealed record ValidationOptions
{
    public int Requests { get; init; } = 1000;
    public int Concurrency { get; init; } = 100;
    public TimeSpan? Duration { get; init; }
    public Dictionary<string, Uri> Targets { get; init; } = [];
    /// <summary>Where the JSON report goes; null writes none (the dashboard's Validate command logs it instead).</summary>
    public string? ReportPath { get; init; } = Path.Combine(Environment.CurrentDirectory, "validate-report.json");
    /// <summary>Whether the load includes writes (<c>POST /meta/metrics</c>): not against a person's running system.</summary>
    public bool LoadWrites { get; init; } = true;
    public ValidationThresholds Thresholds { get; init; } = new();

    public const string Usage = """
        usage: dotnet run --project NeoLight.AppHost -- validate [--requests N] [--concurrency C] [--duration 10s|2m]
               [--target NAME=URL ...] [--report PATH] [--max-p99-ms X] [--max-error-rate X] [--max-rss-mb X]
        """;

    public static bool IsRequested(IReadOnlyList<string> args) => args.Count > 0 && args[0] == "validate";

    public static ValidationOptions Parse(IReadOnlyList<string> args)
    {
        var o = new ValidationOptions();
        var thresholds = new ValidationThresholds();
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Contains(':')) continue; // configuration switches are the builder's
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--requests": o = o with { Requests = Whole(name, value, 1) }; break;
                case "--concurrency": o = o with { Concurrency = Whole(name, value, 1) }; break;
                case "--duration": o = o with { Duration = Span(name, value) }; break;
                case "--report": o = o with { ReportPath = Path.GetFullPath(value) }; break;
                case "--max-p99-ms": thresholds = thresholds with { MaxP99Ms = Number(name, value) }; break;
                case "--max-error-rate": thresholds = thresholds with { MaxErrorRate = Number(name, value) }; break;
                case "--max-rss-mb": thresholds = thresholds with { MaxRssMb = Number(name, value) }; break;
                case "--target":
                    var eq = value.IndexOf('=');
                    if (eq <= 0 || !Uri.TryCreate(value[(eq + 1)..], UriKind.Absolute, out var uri))
                        throw new ArgumentException($"--target takes NAME=URL (e.g. risk-engine=http://127.0.0.1:8300), not '{value}'");
                    o.Targets[value[..eq]] = uri;
                    break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }
        return o with { Thresholds = thresholds };
    }

    private static int Whole(string name, string value, int min) =>
        int.TryParse(value, out var v) && v >= min ? v : throw new ArgumentException($"{name} must be a whole number >= {min}");

    private static double Number(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new ArgumentException($"{name} must be a number >= 0");

    private static TimeSpan Span(string name, string value)
    {
        var unit = value.TrimEnd('s', 'm');
        if (!double.TryParse(unit, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v <= 0) throw new ArgumentException($"{name} takes e.g. 10s or 2m");
        return value.EndsWith('m') ? TimeSpan.FromMinutes(v) : TimeSpan.FromSeconds(v);
    }
}
