using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NeoLight.Validation;

/// <summary>
/// The <c>validate</c> command line (System.CommandLine): its options, their defaults and checks, and <c>--help</c>.
/// Configuration switches meant for the AppHost itself (<c>--Resources:dashboard:Port=9100</c>) are left unmatched and
/// passed on to the builder.
/// </summary>
internal sealed class ValidateCli
{
    public const string CommandName = "validate";

    private readonly Option<int> _requests = new("--requests")
    {
        Description = "Requests sent to each hot endpoint", DefaultValueFactory = _ => 1000, HelpName = "N",
        CustomParser = r => WholeNumber(r, "--requests", 1),
    };
    private readonly Option<int> _concurrency = new("--concurrency")
    {
        Description = "Requests in flight at once (closed loop)", DefaultValueFactory = _ => 100, HelpName = "C",
        CustomParser = r => WholeNumber(r, "--concurrency", 1),
    };
    private readonly Option<TimeSpan?> _duration = new("--duration")
    {
        Description = "Load each endpoint for this long instead of a number of requests (10s, 2m)", HelpName = "TIME",
        CustomParser = ParseDuration,
    };
    private readonly Option<string[]> _targets = new("--target")
    {
        Description = "Validate a system already running there instead of starting one (repeatable)", HelpName = "NAME=URL",
        AllowMultipleArgumentsPerToken = false,
    };
    private readonly Option<string> _report = new("--report")
    {
        Description = "Where the JSON report is written", HelpName = "PATH", DefaultValueFactory = _ => "validate-report.json",
    };
    private readonly Option<double> _maxP99 = new("--max-p99-ms")
    {
        Description = "Fail when an endpoint's p99 latency is above this", HelpName = "MS",
            DefaultValueFactory = _ => new ValidationThresholds().MaxP99Ms,
        CustomParser = r => NonNegative(r, "--max-p99-ms"),
    };
    private readonly Option<double> _maxErrorRate = new("--max-error-rate")
    {
        Description = "Fail when an endpoint's error rate is above this fraction", HelpName = "FRACTION",
        DefaultValueFactory = _ => new ValidationThresholds().MaxErrorRate, CustomParser = r => NonNegative(r, "--max-error-rate"),
    };
    private readonly Option<double> _maxRss = new("--max-rss-mb")
    {
        Description = "Fail when a service's resident memory after the load is above this", HelpName = "MB",
        DefaultValueFactory = _ => new ValidationThresholds().MaxRssMb, CustomParser = r => NonNegative(r, "--max-rss-mb"),
    };

    public RootCommand Root { get; }

    public ValidateCli()
    {
        var validate = new Command(CommandName,
            "Start the whole system on free ports with a throw-away state folder, check health, the contract, a load on each hot "
            + "endpoint, memory and CPU; write a report; exit 0 (passed), 1 (failed) or 2 (bad options)")
        {
            _requests, _concurrency, _duration, _targets, _report, _maxP99, _maxErrorRate, _maxRss,
        };
        validate.TreatUnmatchedTokensAsErrors = false;
        _targets.Validators.Add(r =>
        {
            foreach (var t in r.GetValueOrDefault<string[]>() ?? [])
                if (Target(t) is null) r.AddError($"--target takes NAME=URL (e.g. risk-engine=http://127.0.0.1:8300), not '{t}'");
        });
        Root = new RootCommand("NeoLight AppHost: runs the whole system (no command) or validates it") { validate };
    }

    public static bool IsRequested(IReadOnlyList<string> args) => args.Count > 0 && args[0] == CommandName;

    public ParseResult Parse(IReadOnlyList<string> args) => Root.Parse(args);

    /// <summary>The options of a parse without errors.</summary>
    public ValidationOptions Read(ParseResult result)
    {
        var targets = new Dictionary<string, Uri>();
        foreach (var t in result.GetValue(_targets) ?? [])
            if (Target(t) is var (name, url)) targets[name] = url;
        return new ValidationOptions
        {
            Requests = result.GetValue(_requests),
            Concurrency = result.GetValue(_concurrency),
            Duration = result.GetValue(_duration),
            Targets = targets,
            ReportPath = Path.GetFullPath(result.GetValue(_report)!),
            Thresholds = new ValidationThresholds
            {
                MaxP99Ms = result.GetValue(_maxP99), MaxErrorRate = result.GetValue(_maxErrorRate), MaxRssMb = result.GetValue(_maxRss),
            },
        };
    }

    private static int WholeNumber(ArgumentResult result, string name, int min)
    {
        if (int.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min) return v;
        result.AddError($"{name} must be a whole number >= {min}, not '{result.Tokens[0].Value}'");
        return min;
    }

    private static double NonNegative(ArgumentResult result, string name)
    {
        if (double.TryParse(result.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0) return v;
        result.AddError($"{name} must be a number >= 0, not '{result.Tokens[0].Value}'");
        return 0;
    }

    private static (string Name, Uri Url)? Target(string text)
    {
        var eq = text.IndexOf('=');
        return eq > 0 && Uri.TryCreate(text[(eq + 1)..], UriKind.Absolute, out var url) ? (text[..eq], url) : null;
    }

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens[0].Value;
        var minutes = text.EndsWith('m');
        if (!double.TryParse(text.TrimEnd('s', 'm'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0))
        {
            result.AddError($"--duration takes e.g. 10s or 2m, not '{text}'");
            return null;
        }
        return minutes ? TimeSpan.FromMinutes(v) : TimeSpan.FromSeconds(v);
    }
}
