using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NeoLight.AppHost.Extensions;

using NeoLight.Contracts;

namespace NeoLight.Tests.AppHost;

/// <summary>
/// The AppHost's own Program.cs (<c>Projects.NeoLight_AppHost</c>) started once for every whole-system test through
/// Aspire's testing builder: free ports, a temporary state folder, and the Aspire dashboard on (free ports, a known
/// login token and telemetry API key) so that the trace and the browser tests can read what the services exported.
/// </summary>
public sealed class NeoLightSystem : IAsyncLifetime
{
    public static readonly string[] Services = ["dashboard", "risk-engine", "trader", "telemetry", "governor"];

    private readonly string _state = Directory.CreateTempSubdirectory("neolight-system-").FullName;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, long> _running = new();
    private readonly ConcurrentDictionary<string, long> _healthy = new();

    public DistributedApplication App { get; private set; } = null!;
    /// <summary>The state folder the AppHost gave the services (the trader's journal, the dashboard's database, …).</summary>
    public string StateDirectory => _state;
    public TimeSpan StartToHealthy { get; private set; }
    /// <summary>The Aspire dashboard (its port is randomized with every other port of the test run).</summary>
    public Uri DashboardUrl { get; private set; } = null!;
    public string BrowserToken { get; } = Guid.NewGuid().ToString("N");
    /// <summary>
    /// The position, in Aspire's own stream of resource notifications, at which each service was first Running (its
    /// process started) and first Healthy: the order Aspire itself acted on.
    /// </summary>
    public IReadOnlyDictionary<string, long> FirstRunning => _running;
    public IReadOnlyDictionary<string, long> FirstHealthy => _healthy;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NeoLight_AppHost>(
            [
                $"--AppHost:StateDirectory={_state}",
                $"--ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN={BrowserToken}",
            ],
            (options, _) => options.DisableDashboard = false);
        App = await builder.BuildAsync();
        var clock = Stopwatch.StartNew();
        _ = Task.Run(() => RecordOrderAsync(_stop.Token));
        await App.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await Task.WhenAll(Services.Select(s => App.ResourceNotifications.WaitForResourceHealthyAsync(s, timeout.Token)));
        StartToHealthy = clock.Elapsed;
        DashboardUrl = App.GetEndpoint("aspire-dashboard", "http");
    }

    private async Task RecordOrderAsync(CancellationToken cancellationToken)
    {
        try
        {
            long position = 0;
            await foreach (var e in App.ResourceNotifications.WatchAsync(cancellationToken))
            {
                position++;
                if (e.Snapshot.State?.Text != KnownResourceStates.Running) continue;
                _running.TryAdd(e.Resource.Name, position);
                if (e.Snapshot.HealthStatus == HealthStatus.Healthy) _healthy.TryAdd(e.Resource.Name, position);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The service's current process id, as Aspire's resource snapshot reports it.</summary>
    public async Task<int> PidAsync(string resource)
    {
        var pid = (await App.ResourceNotifications.LatestAsync(resource))?.Snapshot.ProcessId();
        return pid ?? throw new InvalidOperationException($"no pid for {resource}");
    }

    /// <summary>A client of a service that sends the API key the AppHost generated and gave every service.</summary>
    public async Task<HttpClient> WritingClientAsync(string resource)
    {
        var client = App.CreateHttpClient(resource);
        var key = await App.Services.GetRequiredService<Aspire.Hosting.ApplicationModel.DistributedApplicationModel>().Resources
            .OfType<Aspire.Hosting.ApplicationModel.ParameterResource>().Single(p => p.Name == ApiKeyExtensions.ParameterName)
            .GetValueAsync(CancellationToken.None);
        client.DefaultRequestHeaders.Add(WireHeaders.ApiKey, key);
        return client;
    }

    /// <summary>
    /// A client for the Aspire dashboard's telemetry API (<c>/api/telemetry/…</c>), holding the API key the dashboard
    /// hands out for the browser token — the same exchange the dashboard's own tools make.
    /// </summary>
    public async Task<HttpClient> TelemetryClientAsync()
    {
        var client = new HttpClient { BaseAddress = DashboardUrl, Timeout = TimeSpan.FromSeconds(30) };
        var answer = await client.PostAsJsonAsync("/api/telemetry/validateToken", new { token = BrowserToken });
        answer.EnsureSuccessStatusCode();
        var key = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString();
        if (key is not null) client.DefaultRequestHeaders.Add("x-api-key", key);
        return client;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await App.DisposeAsync();
        try { Directory.Delete(_state, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Every test that starts the whole system, one after another: two cores do not run three systems well.</summary>
[CollectionDefinition(Name)]
public sealed class WholeSystem : ICollectionFixture<NeoLightSystem>
{
    public const string Name = "whole system";
}
