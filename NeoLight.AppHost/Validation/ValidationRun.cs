using System.Text;

namespace NeoLight.Hosting.Validation;

/// <summary>
/// The `validate` command: the system's health (and time to healthy), the contract, a load on each hot
/// endpoint, and each process's memory and CPU before and after; one report, on screen and as JSON.
/// </summary>
public static class ValidationRun
{
    private const string SeedSnapshot = """{"timestamp":"2026-11-24T14:00:00.000Z","per_agent":{"validate_load":{"pnl_1d":1,"pnl_7d":2,"sharpe_30d":1.2,"winrate_30d":0.5,"max_dd_30d":0.01,"total_decisions":1,"revenue_24h":1,"revenue_total":2}},"guardian":{"is_paused":false,"drawdown":0.0,"reason":"validate load"},"breakers":{"quote_state":"CLOSED","trade_state":"CLOSED"},"mode":"PAPER"}""";
    private const string SeedEvaluate = """{"positions":[{"symbol":"BTC-USD","quantity":0.05,"price":107000.0},{"symbol":"ETH-USD","quantity":1.0,"price":3600.0}],"portfolio_value":100000.0,"confidence":0.99}""";
    private const string SeedValidate = """{"symbol":"BTC-USD","side":"buy","quantity":0.1,"price":100000,"current_positions":[],"portfolio_value":100000}""";

    /// <summary>Validates <paramref name="app"/> (already started) or, with targets, an already-running system.</summary>
    public static async Task<ValidationReport> RunAsync(DistributedApplication? app, ValidationOptions options, TextWriter output,
        CancellationToken cancellationToken)
    {
        var report = new ValidationReport
        {
            Started = DateTimeOffset.UtcNow,
            Mode = app is null ? "target" : "started",
            Requests = options.Requests,
            Concurrency = options.Concurrency,
            DurationSeconds = options.Duration?.TotalSeconds,
            Thresholds = options.Thresholds,
        };
        var screen = new ReportWriter(output);
        var urls = Addresses(app, options);
        using var checkClient = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        HttpClient? ClientFor(string service) => urls.TryGetValue(service, out var u) ? new HttpClient { BaseAddress = u, Timeout = TimeSpan.FromSeconds(30) } : null;

        // Health, and how long each took to get there.
        if (app is not null)
        {
            var first = app.ResourceNotifications.All().Min(s => s.StartedAt) ?? DateTimeOffset.UtcNow;
            foreach (var s in app.ResourceNotifications.All())
                report.Resources.Add(new ResourceResult(s.Name, s.HealthyAt is { } h ? Math.Round((h - first).TotalSeconds, 2) : null, ProcessUsage.Of(s.Pid), null));
        }
        foreach (var (name, url) in urls)
        {
            var client = ClientFor(name)!;
            bool ok;
            try { ok = (await client.GetAsync("/health", cancellationToken)).IsSuccessStatusCode; } catch (HttpRequestException) { ok = false; }
            report.Checks.Add(new CheckResult(name, "healthy", ok, ok ? $"{url} answers /health" : $"{url} does not answer /health"));
        }

        screen.Section("Contract");
        report.Checks.AddRange(await ContractChecks.RunAsync(ClientFor, cancellationToken));
        screen.Checks(report.Checks);

        screen.Section($"Load: {(options.Duration is { } d ? $"{d.TotalSeconds:0} s" : $"{options.Requests} requests")} per endpoint, {options.Concurrency} concurrent");
        foreach (var (name, service, request) in HotEndpoints(urls))
        {
            using var client = LoadGenerator.CreateClient(options.Concurrency);
            client.BaseAddress = urls[service];
            var progress = screen.Progress(name, options.Requests, options.Duration);
            var result = await LoadGenerator.RunAsync(name, client, request, options.Requests, options.Concurrency, options.Duration, progress, cancellationToken);
            screen.EndProgress();
            report.Loads.Add(result);
        }
        screen.Loads(report.Loads, options.Thresholds);

        if (app is not null)
        {
            for (var i = 0; i < report.Resources.Count; i++)
            {
                var r = report.Resources[i];
                report.Resources[i] = r with { After = ProcessUsage.Of(app.ResourceNotifications.Get(r.Name)?.Pid) };
            }
            screen.Resources(report.Resources, options.Thresholds);
        }

        report.Evaluate();
        await File.WriteAllTextAsync(options.ReportPath, System.Text.Json.JsonSerializer.Serialize(report, ValidationJson.Default.ValidationReport), cancellationToken);
        screen.Verdict(report, options.ReportPath);
        return report;
    }

    private static Dictionary<string, Uri> Addresses(DistributedApplication? app, ValidationOptions options)
    {
        if (options.Targets.Count > 0) return new Dictionary<string, Uri>(options.Targets);
        var result = new Dictionary<string, Uri>();
        if (app is null) return result;
        foreach (var s in app.Supervisors.Where(s => s.Instance.Ports.Count > 0)) result[s.Instance.Name] = app.GetEndpoint(s.Instance.Name);
        return result;
    }

    private static IEnumerable<(string Name, string Service, Func<HttpRequestMessage> Request)> HotEndpoints(IReadOnlyDictionary<string, Uri> urls)
    {
        foreach (var service in urls.Keys.Order(StringComparer.Ordinal))
            yield return ($"GET {service} /health", service, () => new HttpRequestMessage(HttpMethod.Get, "/health"));
        if (urls.ContainsKey("risk-engine"))
        {
            yield return ("POST /risk/evaluate", "risk-engine", () => Post("/risk/evaluate", SeedEvaluate));
            yield return ("POST /risk/validate", "risk-engine", () => Post("/risk/validate", SeedValidate));
        }
        if (urls.ContainsKey("dashboard"))
        {
            yield return ("GET /meta/metrics", "dashboard", () => new HttpRequestMessage(HttpMethod.Get, "/meta/metrics"));
            yield return ("POST /meta/metrics", "dashboard", () => Post("/meta/metrics", SeedSnapshot));
        }
    }

    private static HttpRequestMessage Post(string path, string json) =>
        new(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
