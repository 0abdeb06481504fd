using NeoLight.Hosting.Telemetry;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NeoLight.Hosting;

/// <summary>
/// The AppHost's own dashboard (Aspire's is on 18888 too): resources with their state, health, pid,
/// restarts, endpoints and environment, each one's console log, and start/stop/restart. Loopback only;
/// actions need a custom header, so another site's page cannot post them from a browser.
/// </summary>
internal sealed class OrchestrationDashboard(DistributedApplication app, int port) : IAsyncDisposable
{
    public const string ActionHeader = "X-NeoLight-Action";
    private WebApplication? _web;

    public Uri Url { get; } = new($"http://localhost:{port}/");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, DashboardJson.Default));
        var web = builder.Build();

        web.MapGet("/", () => Results.Content(DashboardPage.Html, "text/html; charset=utf-8"));
        web.MapTelemetryViews(app.Telemetry);
        web.MapGet("/api/resources", () => Results.Json(
            app.ResourceNotifications.All().Select(ToView).ToArray(), DashboardJson.Default.ResourceViewArray));
        web.MapGet("/api/resources/{name}/logs", (string name, long? after) =>
        {
            var supervisor = app.Supervisors.FirstOrDefault(s => s.Instance.Name == name);
            if (supervisor is null) return Results.NotFound();
            var lines = supervisor.Logs.After(after ?? -1).Select(l => new LogView(l.Sequence, l.Time, l.IsError, l.Text)).ToArray();
            return Results.Json(lines, DashboardJson.Default.LogViewArray);
        });
        web.MapPost("/api/resources/{name}/{action}", async (string name, string action, HttpRequest request) =>
        {
            if (!request.Headers.ContainsKey(ActionHeader)) return Results.StatusCode(StatusCodes.Status403Forbidden);
            if (app.Supervisors.All(s => s.Instance.Name != name)) return Results.NotFound();
            switch (action)
            {
                case "stop": await app.StopResourceAsync(name); break;
                case "start": await app.StartResourceAsync(name); break;
                case "restart": app.RestartResource(name); break;
                default: return Results.BadRequest();
            }
            return Results.Accepted();
        });
        await web.StartAsync(cancellationToken);
        _web = web;
    }

    private ResourceView ToView(ResourceSnapshot s) => new(s.Name, s.Type, s.State.ToString(), s.Health.ToString(), s.StartedAt, s.Pid,
        s.Restarts, s.ExitCode, s.Reason, s.Urls, s.Environment);

    public async ValueTask DisposeAsync()
    {
        if (_web is not null) await _web.DisposeAsync();
    }
}

internal sealed record ResourceView(string Name, string Type, string State, string Health, DateTimeOffset? StartedAt, int? Pid, int Restarts,
    int? ExitCode, string? Reason, IReadOnlyList<string> Urls, IReadOnlyDictionary<string, string> Environment);

internal sealed record LogView(long Sequence, DateTimeOffset Time, bool IsError, string Text);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ResourceView[]))]
[JsonSerializable(typeof(LogView[]))]
[JsonSerializable(typeof(Telemetry.LogRecordView[]))]
[JsonSerializable(typeof(Telemetry.TraceSummary[]))]
[JsonSerializable(typeof(Telemetry.SpanView[]))]
[JsonSerializable(typeof(Telemetry.InstrumentView[]))]
[JsonSerializable(typeof(Telemetry.MetricPoint[]))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class DashboardJson : JsonSerializerContext;
