using NeoLight.Contracts;
using System.Text;

namespace NeoLight.Validation;

/// <summary>A service to validate: where it answers, and (when the AppHost started it) its process and time to healthy.</summary>
public sealed record ValidationTarget(string Name, Uri Url)
{
    public double? SecondsToHealthy { get; init; }
    /// <summary>The service's current process id; asked again after the load, since a restart changes it.</summary>
    public Func<CancellationToken, Task<int?>>? Pid { get; init; }
    /// <summary>Sent as X-Api-Key, which the service requires on its state-changing endpoints when it has one.</summary>
    public string? ApiKey { get; init; }
}

/// <summary>
/// The `validate` command: the system's health (and time to healthy), the contract, a load on each hot
/// endpoint, and each process's memory and CPU before and after; one report, on screen and as JSON.
/// </summary>
public static class ValidationRun
{

    /// <param name="mode">"started" (the AppHost started the system for this run), "running" or "target".</param>
    public static async Task<ValidationReport> RunAsync(IReadOnlyList<ValidationTarget> targets, string mode, ValidationOptions options,
        TextWriter output, CancellationToken cancellationToken)
    {
        var report = new ValidationReport
        {
            Started = DateTimeOffset.UtcNow,
            Mode = mode,
            Requests = options.Requests,
            Concurrency = options.Concurrency,
            DurationSeconds = options.Duration?.TotalSeconds,
            Thresholds = options.Thresholds,
        };
        var screen = new ReportWriter(output);
        var urls = targets.ToDictionary(t => t.Name, t => t.Url);
        var keys = targets.ToDictionary(t => t.Name, t => t.ApiKey);
        HttpClient? ClientFor(string service) =>
            urls.TryGetValue(service, out var u) ? WithKey(new HttpClient { BaseAddress = u, Timeout = TimeSpan.FromSeconds(30) }, service)
                : null;
        HttpClient WithKey(HttpClient client, string service)
        {
            if (keys[service] is { } key) client.DefaultRequestHeaders.Add(WireHeaders.ApiKey, key);
            return client;
        }

        // Health, and how long each took to get there.
        foreach (var target in targets.Where(t => t.Pid is not null))
            report.Resources.Add(new ResourceResult(target.Name, target.SecondsToHealthy,
                ProcessUsage.Of(await target.Pid!(cancellationToken)), null));
        foreach (var (name, url) in urls)
        {
            using var client = ClientFor(name)!;
            bool ok;
            try { ok = (await client.GetAsync("/health",
                cancellationToken)).IsSuccessStatusCode; } catch (HttpRequestException) { ok = false; }
            report.Checks.Add(new CheckResult(name, "healthy", ok, ok ? $"{url} answers /health" : $"{url} does not answer /health"));
        }

        screen.Section("Contract");
        report.Checks.AddRange(await ContractChecks.RunAsync(ClientFor, cancellationToken));
        screen.Checks(report.Checks);

        var amount = options.Duration is { } d ? $"{d.TotalSeconds:0} s" : $"{options.Requests} requests";
        screen.Section($"Load: {amount} per endpoint, {options.Concurrency} concurrent");
        foreach (var (name, service, request) in HotEndpoints(urls, options.LoadWrites))
        {
            using var client = WithKey(LoadGenerator.CreateClient(options.Concurrency), service);
            client.BaseAddress = urls[service];
            report.Loads.Add(await screen.WithProgressAsync(name, options.Requests, options.Duration, progress =>
                LoadGenerator.RunAsync(name, client, request, options.Requests, options.Concurrency, options.Duration, progress,
                    cancellationToken)));
        }
        screen.Loads(report.Loads, options.Thresholds);

        if (report.Resources.Count > 0)
        {
            for (var i = 0; i < report.Resources.Count; i++)
            {
                var r = report.Resources[i];
                var target = targets.First(t => t.Name == r.Name);
                report.Resources[i] = r with { After = ProcessUsage.Of(await target.Pid!(cancellationToken)) };
            }
            screen.Resources(report.Resources, options.Thresholds);
        }

        report.Evaluate();
        if (options.ReportPath is { } path)
            await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(report, ValidationJson.Default.ValidationReport),
                cancellationToken);
        screen.Verdict(report, options.ReportPath);
        return report;
    }

    private static IEnumerable<(string Name, string Service, Func<HttpRequestMessage> Request)> HotEndpoints(
        IReadOnlyDictionary<string, Uri> urls,
        bool writes)
    {
        foreach (var service in urls.Keys.Order(StringComparer.Ordinal))
            yield return ($"GET {service} /health", service, () => new HttpRequestMessage(HttpMethod.Get, "/health"));
        if (urls.ContainsKey("risk-engine"))
        {
            yield return ("POST /risk/evaluate", "risk-engine", () => Post("/risk/evaluate", SeedRequests.Evaluate));
            yield return ("POST /risk/validate", "risk-engine", () => Post("/risk/validate", ContractChecks.SeedValidate));
        }
        if (urls.ContainsKey("dashboard"))
        {
            yield return ("GET /meta/metrics", "dashboard", () => new HttpRequestMessage(HttpMethod.Get, "/meta/metrics"));
            if (writes) yield return ("POST /meta/metrics", "dashboard", () => Post("/meta/metrics", SeedRequests.MetricsSnapshot));
        }
    }

    private static HttpRequestMessage Post(string path, string json) =>
        new(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
